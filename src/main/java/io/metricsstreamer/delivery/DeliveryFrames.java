package io.metricsstreamer.delivery;

import java.nio.charset.StandardCharsets;

/**
 * Assembles {@code metric_update} and {@code metric_batch} frames from already-encoded envelopes, without copying
 * them. A single unfiltered metric with nothing dropped is sent as its shared frame, one slice.
 */
final class DeliveryFrames {
    private static final byte[] COMMA = {','};
    private static final byte[] BATCH_END = "]}".getBytes(StandardCharsets.UTF_8);

    private DeliveryFrames() {
    }

    /** The frame for every metric in {@code pending} (oldest first), reporting {@code dropped}. */
    static OutboundFrame assemble(PendingQueue pending, long dropped) {
        OutboundFrame frame = new OutboundFrame();
        int count = pending.size();
        if (count == 1) {
            EncodedMetric m = pending.get(0);
            if (dropped == 0) {
                return frame.add(m.frame());
            }
            byte[] head = ("{\"type\":\"metric_update\",\"dropped\":" + dropped + ",\"data\":")
                    .getBytes(StandardCharsets.UTF_8);
            return frame.add(head).add(m.frame(), m.envelopeOffset(), m.envelopeLength())
                    .add(EnvelopeEncoder.UPDATE_SUFFIX);
        }
        String head = "{\"type\":\"metric_batch\",\"count\":" + count
                + (dropped == 0 ? "" : ",\"dropped\":" + dropped) + ",\"data\":[";
        frame.add(head.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                frame.add(COMMA);
            }
            EncodedMetric m = pending.get(i);
            frame.add(m.frame(), m.envelopeOffset(), m.envelopeLength());
        }
        return frame.add(BATCH_END);
    }
}
