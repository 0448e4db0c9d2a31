package io.metricsstreamer.hub;

/**
 * Assigns {@code seq}: strictly increasing within one {@link #epoch()}. The one seam for a cluster-wide sequence
 * later; called only by the dispatcher thread.
 */
public interface Sequencer {
    /** The next sequence number. */
    long next();

    /** Identifies the sequence: seq values are comparable only within one epoch. */
    String epoch();
}
