package io.metricsstreamer.delivery;

/**
 * One metric's envelope, encoded once as a complete {@code metric_update} frame: the envelope is the slice
 * {@code [envelopeOffset, envelopeOffset + envelopeLength)} of {@link #frame()}, so a single delivery sends the
 * array as it is and a batch joins the slices. Immutable and shared by every client of the same view.
 */
public final class EncodedMetric {
    private final long seq;
    private final int typeIndex;
    private final byte[] frame;
    private final int envelopeOffset;
    private final int envelopeLength;
    private final long acceptedNanos;
    private final SlicedFrame single;
    /**
     * The {@code agent_id} of the data when it is an agent-scoped object, {@link #NO_AGENT} when it is not, null
     * until a latest-mode client first asks ({@link #agentKey()}). Written racily by the loops that ask: each computes
     * the same immutable String, so whichever write a loop sees is right.
     */
    private String agentKey;
    /** The {@link #agentKey} of data that is not an agent-scoped object. */
    static final String NO_AGENT = new String("");

    EncodedMetric(long seq, int typeIndex, byte[] frame, int envelopeOffset, int envelopeLength, long acceptedNanos) {
        this.seq = seq;
        this.acceptedNanos = acceptedNanos;
        this.typeIndex = typeIndex;
        this.frame = frame;
        this.envelopeOffset = envelopeOffset;
        this.envelopeLength = envelopeLength;
        this.single = new SlicedFrame(1).add(frame);
    }

    /**
     * The {@code metric_update} frame of this metric alone, one instance shared by every client that receives it
     * that way, so the transport can frame it once per loop and write the same bytes to every socket.
     */
    public SlicedFrame singleFrame() {
        return single;
    }

    /**
     * When the server accepted the metric ({@link System#nanoTime()}), for the delivery latency; 0 when unknown (a
     * metric made outside the hub: tests, benchmarks).
     */
    public long acceptedNanos() {
        return acceptedNanos;
    }

    /**
     * The {@code agent_id} of this metric's data when the data is an object with a string {@code agent_id} (an
     * agent-scoped metric), else {@link #NO_AGENT}: with the type, the key under which latest mode keeps only the
     * newest metric. Read from the encoded data the first time it is asked for, then kept.
     */
    String agentKey() {
        String key = agentKey;
        if (key == null) {
            key = ConflationKey.agentOf(frame, envelopeOffset, envelopeLength);
            agentKey = key;
        }
        return key;
    }

    /** The metric's sequence number. */
    public long seq() {
        return seq;
    }

    /** The index of the metric's type ({@code MetricType.index()}). */
    public int typeIndex() {
        return typeIndex;
    }

    /** The bytes of {@code {"type":"metric_update","data":ENVELOPE}}: never modify. */
    public byte[] frame() {
        return frame;
    }

    /** Where the envelope starts in {@link #frame()}. */
    public int envelopeOffset() {
        return envelopeOffset;
    }

    /** The envelope's length in bytes. */
    public int envelopeLength() {
        return envelopeLength;
    }
}
