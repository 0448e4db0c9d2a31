package io.metricsstreamer.cluster;

import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.model.MetricEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Lua script that publishes one batch atomically: it checks that the cluster still has the epoch the node joined
 * (a Redis that lost its data has none, and its seqs would start over), takes the batch's seqs with one
 * {@code INCRBY}, and appends each metric to the stream with the id of its seq, trimming the stream to about the
 * history size. Redis runs a script alone, so no other node's metrics come between, and stream order is seq order.
 * Returns the last seq taken.
 *
 * <p>It is idempotent: each call names its batch (node id and a counter of the node's), and records it, with the
 * seq it got, in a key that expires after {@link #BATCH_KEY_SECONDS}. Lettuce sends a call again after a reconnect
 * when it had no answer (Redis may have run it and died before answering); the second run finds the key and only
 * answers, so a batch is published once whatever the connection does.
 */
final class PublishScript {
    /** The fixed arguments before the metrics: epoch, stream length, node id, sent-at. */
    static final int HEAD_ARGS = 4;
    /** Arguments per metric: type, timestamp, data. */
    static final int ARGS_PER_METRIC = 3;
    /** What the script answers when the cluster's epoch is not the node's. */
    static final String EPOCH_ERROR = "EPOCH";
    /** How long Redis remembers that a batch was published. */
    static final int BATCH_KEY_SECONDS = 600;

    static final String LUA = String.join("\n",
            "local epoch = redis.call('GET', KEYS[2])",
            "if epoch ~= ARGV[1] then",
            "  return redis.error_reply('" + EPOCH_ERROR + " the cluster epoch is ' .. tostring(epoch)"
                    + " .. ', the node joined ' .. ARGV[1])",
            "end",
            "local done = redis.call('GET', KEYS[4])",
            "if done then return tonumber(done) end",
            "local n = (#ARGV - " + HEAD_ARGS + ") / " + ARGS_PER_METRIC,
            "local last = redis.call('INCRBY', KEYS[1], n)",
            "local first = last - n + 1",
            "for i = 0, n - 1 do",
            "  local a = " + HEAD_ARGS + " + i * " + ARGS_PER_METRIC,
            "  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], string.format('%d-0', first + i),",
            "    '" + ClusterKeys.TYPE + "', ARGV[a + 1], '" + ClusterKeys.TIMESTAMP + "', ARGV[a + 2],",
            "    '" + ClusterKeys.DATA + "', ARGV[a + 3], '" + ClusterKeys.NODE + "', ARGV[3],",
            "    '" + ClusterKeys.AT + "', ARGV[4])",
            "end",
            "redis.call('SET', KEYS[4], last, 'EX', " + BATCH_KEY_SECONDS + ")",
            "return last");

    /** The keys of the call that publishes batch {@code batch} of node {@code nodeId}, in the script's order. */
    static String[] keys(String nodeId, long batch) {
        return new String[] {ClusterKeys.SEQ, ClusterKeys.EPOCH, ClusterKeys.STREAM,
            ClusterKeys.batchKey(nodeId, batch)};
    }

    private PublishScript() {
    }

    /** The script's arguments for {@code metrics}, sent at {@code sentAtMicros}. */
    static byte[][] arguments(String epoch, long streamLength, String nodeId, long sentAtMicros,
                              List<MetricEnvelope> metrics) {
        byte[][] args = new byte[HEAD_ARGS + ARGS_PER_METRIC * metrics.size()][];
        args[0] = ascii(epoch);
        args[1] = ascii(Long.toString(streamLength));
        args[2] = ascii(nodeId);
        args[3] = ascii(Long.toString(sentAtMicros));
        int a = HEAD_ARGS;
        for (MetricEnvelope m : metrics) {
            args[a++] = ascii(m.type().name());
            args[a++] = ascii(Timestamps.format(m.timestamp()));
            args[a++] = m.dataJson();
        }
        return args;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
