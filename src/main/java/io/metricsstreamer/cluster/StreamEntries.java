package io.metricsstreamer.cluster;

import io.lettuce.core.StreamMessage;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stream entries into published metrics: the envelope is encoded here, once per node, by concatenating the
 * entry's bytes (its data is never parsed). An entry this node cannot take (a metric type it does not know, or fields
 * that are not what a node writes) is logged and left out. Stateless.
 */
final class StreamEntries {
    private static final Logger LOG = LoggerFactory.getLogger(StreamEntries.class);
    private static final long NANOS_PER_MICRO = 1000;

    private final MetricTypes types;

    StreamEntries(MetricTypes types) {
        this.types = types;
    }

    /**
     * The metrics of {@code entries}, in their order. Their acceptance time (on the {@code nanoNow} clock) is when the
     * publishing node sent them, by the wall clocks: never later than now, so a node whose clock runs ahead cannot put
     * a metric in the future.
     */
    List<PublishedMetric> decode(List<StreamMessage<String, byte[]>> entries, long nanoNow, long wallMicrosNow) {
        List<PublishedMetric> out = new ArrayList<>(entries.size());
        for (StreamMessage<String, byte[]> e : entries) {
            PublishedMetric m = decode(e, nanoNow, wallMicrosNow);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private PublishedMetric decode(StreamMessage<String, byte[]> entry, long nanoNow, long wallMicrosNow) {
        Map<String, byte[]> body = entry.getBody();
        byte[] type = body.get(ClusterKeys.TYPE);
        byte[] timestamp = body.get(ClusterKeys.TIMESTAMP);
        byte[] data = body.get(ClusterKeys.DATA);
        byte[] at = body.get(ClusterKeys.AT);
        try {
            long seq = ClusterKeys.seqOf(entry.getId());
            if (type == null || timestamp == null || !isWireTimestamp(timestamp) || data == null || data.length < 2
                    || (data[0] != '{' && data[0] != '[')) {
                LOG.error("stream entry {} is not a metric a node wrote; it is left out", entry.getId());
                return null;
            }
            String name = new String(type, StandardCharsets.US_ASCII);
            MetricType metricType = types.find(name).orElse(null);
            if (metricType == null) {
                LOG.error("stream entry {} has metric type '{}', which this node does not know (give every node the "
                        + "same --metric-type options); it is left out", entry.getId(), name);
                return null;
            }
            long sentMicros = at == null ? wallMicrosNow : Long.parseLong(new String(at, StandardCharsets.US_ASCII));
            long accepted = nanoNow - Math.max(0, wallMicrosNow - sentMicros) * NANOS_PER_MICRO;
            return PublishedMetric.encode(seq, metricType, new String(timestamp, StandardCharsets.US_ASCII), data,
                    accepted);
        } catch (NumberFormatException e) {
            LOG.error("stream entry {} has a malformed id or time; it is left out", entry.getId());
            return null;
        }
    }

    /** Whether the bytes can stand between a JSON string's quotes as they are: printable ASCII, no quote or escape. */
    private static boolean isWireTimestamp(byte[] b) {
        if (b.length == 0) {
            return false;
        }
        for (byte c : b) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
