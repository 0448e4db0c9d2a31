package io.metricsstreamer.hub;

/**
 * Assigns {@code seq}: strictly increasing for the life of the server. The one seam for a cluster-wide sequence;
 * called only by the dispatcher thread. (Naming the seq stream with an epoch, so that positions can be compared
 * across restarts, belongs to history and replay, which will add it with its contract.)
 */
public interface Sequencer {
    /** The next sequence number. */
    long next();
}
