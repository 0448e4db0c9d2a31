package io.metricsstreamer.delivery;

import java.nio.charset.StandardCharsets;

/**
 * Assembles {@code metric_update} and {@code metric_batch} frames from already-encoded envelopes, without copying
 * them. A single unfiltered metric with nothing dropped is sent as its shared frame, one slice.
 */
final class DeliveryFrameAssembler {
    private static final byte[] COMMA = {','};
    private static final byte[] BATCH_END = "]}".getBytes(StandardCharsets.UTF_8);

    private DeliveryFrameAssembler() {
    }

    /**
     * The frame for every metric in {@code pending} (oldest first), reporting {@code dropped}. Frames without drops
     * are shared: a single metric's is its own {@link EncodedMetric#singleFrame()}, a batch equal to the last one
     * assembled on this loop ({@code batches}, may be null) is that same instance.
     */
    static SlicedFrame assemble(PendingQueue pending, long dropped, RecentBatchFrames batches) {
        return assemble(pending, dropped, 0, batches);
    }

    /** As {@link #assemble(PendingQueue, long, RecentBatchFrames)}, also reporting {@code conflated} (latest mode). */
    static SlicedFrame assemble(PendingQueue pending, long dropped, long conflated, RecentBatchFrames batches) {
        int count = pending.size();
        if (dropped == 0 && conflated == 0) {
            if (count == 1) {
                return pending.get(0).singleFrame();
            }
            SlicedFrame shared = batches == null ? null : batches.find(pending);
            if (shared != null) {
                return shared;
            }
        }
        SlicedFrame frame = new SlicedFrame();
        if (count == 1) {
            EncodedMetric m = pending.get(0);
            byte[] head = ("{\"type\":\"metric_update\"" + counts(dropped, conflated) + ",\"data\":")
                    .getBytes(StandardCharsets.UTF_8);
            return frame.add(head).add(m.frame(), m.envelopeOffset(), m.envelopeLength())
                    .add(EnvelopeEncoder.UPDATE_SUFFIX);
        }
        String head = "{\"type\":\"metric_batch\",\"count\":" + count + counts(dropped, conflated) + ",\"data\":[";
        frame.add(head.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                frame.add(COMMA);
            }
            EncodedMetric m = pending.get(i);
            frame.add(m.frame(), m.envelopeOffset(), m.envelopeLength());
        }
        frame.add(BATCH_END);
        if (dropped == 0 && conflated == 0 && batches != null) {
            batches.remember(pending, frame);
        }
        return frame;
    }

    /** {@code ,"dropped":M} and {@code ,"conflated":C}, each only when not 0. */
    private static String counts(long dropped, long conflated) {
        return (dropped == 0 ? "" : ",\"dropped\":" + dropped) + (conflated == 0 ? "" : ",\"conflated\":" + conflated);
    }
}
