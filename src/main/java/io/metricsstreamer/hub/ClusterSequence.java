package io.metricsstreamer.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The seq stream of a node in a cluster: the cluster assigns every seq, and this node only follows it. Its epoch is the
 * cluster's, known once the node reached the cluster ({@link #begin}, before the hub starts and before any client
 * connects), and another once the cluster's Redis lost its data and a new epoch began ({@link #reset}, by the
 * dispatcher); {@link #last()} is the seq the node's dispatcher took last ({@link #advanceTo}). {@link #next()} is
 * not for a node in a cluster: it never assigns a seq.
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
    private volatile String joined = "";
    @SuppressWarnings("unused") // through LAST
    private long last;

    /** Names the cluster's seq stream. Called once, before the hub starts and before any client connects. */
    public void begin(String clusterEpoch) {
        if (clusterEpoch == null || clusterEpoch.isEmpty()) {
            throw new IllegalArgumentException("the cluster's epoch must not be empty");
        }
        this.joined = clusterEpoch;
        this.epoch = clusterEpoch;
    }

    /** The epoch the node joined ({@link #begin}): its first history's, whatever the cluster's is now. Any thread. */
    String joined() {
        return joined;
    }

    /**
     * The cluster's seq stream was replaced: it is {@code clusterEpoch} from now on, and the dispatcher took every seq
     * up to {@code lastSeq} of it. Dispatcher thread.
     */
    void reset(String clusterEpoch, long lastSeq) {
        if (clusterEpoch == null || clusterEpoch.isEmpty()) {
            throw new IllegalArgumentException("the cluster's epoch must not be empty");
        }
        this.epoch = clusterEpoch;
        LAST.setRelease(this, lastSeq);
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
