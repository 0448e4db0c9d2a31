package io.metricsstreamer.hub;

/**
 * Assigns {@code seq}: strictly increasing within one epoch, an unbroken seq stream that a random id names (SPEC
 * section 8: seqs are compared only within one epoch, so a client that saw seq 900 of a server that restarted does not
 * take seq 12 of the new one for old news). The one seam for a cluster-wide sequence. {@link #next()} is called only
 * by the dispatcher thread; {@link #epoch()} and {@link #last()} by any.
 */
public interface Sequencer {
    /** The next sequence number. Dispatcher thread. */
    long next();

    /** The seq assigned last, 0 before the first. Any thread. */
    long last();

    /** The name of this seq stream. Any thread; never changes. */
    String epoch();
}
