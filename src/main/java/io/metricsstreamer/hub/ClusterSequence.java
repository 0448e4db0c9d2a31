package io.metricsstreamer.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The seq stream of a node in a cluster: the cluster assigns every seq, and this node only follows it. Its epoch is the
 * cluster's, known once the node reached the cluster ({@link #begin}, before the hub starts and before any client
 * connects); {@link #last()} is the seq the node's dispatcher took last ({@link #advanceTo}). {@link #next()} is not
 * for a node in a cluster: it never assigns a seq.
 */
public final class ClusterSequence implements Sequencer {
    private static final VarHandle LAST;

    static {
        try {
            LAST = MethodHandles.lookup().findVarHandle(ClusterSequence.class, "last", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile String epoch = "";
    @SuppressWarnings("unused") // through LAST
    private long last;

    /** Names the cluster's seq stream. Called once, before the hub starts and before any client connects. */
    public void begin(String clusterEpoch) {
        if (clusterEpoch == null || clusterEpoch.isEmpty()) {
            throw new IllegalArgumentException("the cluster's epoch must not be empty");
        }
        this.epoch = clusterEpoch;
    }

    /** The cluster assigns seqs, not the node. */
    @Override
    public long next() {
        throw new UnsupportedOperationException("a node in a cluster takes its seqs from the cluster");
    }

    /** The dispatcher took {@code seq}. Dispatcher thread. */
    void advanceTo(long seq) {
        LAST.setRelease(this, seq);
    }

    @Override
    public long last() {
        return (long) LAST.getAcquire(this);
    }

    @Override
    public String epoch() {
        return epoch;
    }
}
