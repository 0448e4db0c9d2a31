package io.metricsstreamer.cluster;

/**
 * The Redis keys of a cluster. They share one hash tag, so that a Redis Cluster keeps them in one slot and the publish
 * script may touch them all.
 */
final class ClusterKeys {
    /** The hash tag and prefix of every key. */
    static final String PREFIX = "{metrics-streamer}:";
    /** The last seq assigned (a counter; {@code INCRBY}). */
    static final String SEQ = PREFIX + "seq";
    /** The cluster's epoch: set once with {@code SET NX}, by whichever node comes first. */
    static final String EPOCH = PREFIX + "epoch";
    /** The stream of every published metric, entry id {@code SEQ-0}, trimmed to about the history size. */
    static final String STREAM = PREFIX + "metrics";

    /** The ids of the nodes that sent a heartbeat (a set; an id whose node key expired is removed on reading). */
    static final String NODES = PREFIX + "nodes";

    /** The stream fields of an entry. */
    static final String TYPE = "type";
    static final String TIMESTAMP = "ts";
    static final String DATA = "data";
    static final String NODE = "node";
    /** When the publishing node sent it: microseconds since the Unix epoch, by that node's clock. */
    static final String AT = "at";

    private ClusterKeys() {
    }

    /** The key that records, for a while, that batch {@code batch} of node {@code nodeId} was published. */
    static String batchKey(String nodeId, long batch) {
        return PREFIX + "batch:" + nodeId + ":" + batch;
    }

    /** The key of a node's last heartbeat, which expires when the node stops beating. */
    static String nodeKey(String nodeId) {
        return PREFIX + "node:" + nodeId;
    }

    /** The stream entry id of {@code seq}. */
    static String idOf(long seq) {
        return seq + "-0";
    }

    /** The seq of a stream entry id ({@code SEQ-N}). */
    static long seqOf(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
