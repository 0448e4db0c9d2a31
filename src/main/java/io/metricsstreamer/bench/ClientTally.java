package io.metricsstreamer.bench;

/**
 * What one bench client counts, written into its event loop's {@link LoopStats}: metrics and text messages (also
 * those in the measured window), {@code seq} order (duplicates, out of order, gaps), the latency of each timed metric
 * with synthetic samples for the offers the publisher skipped before it (see {@link Publisher}), the {@code dropped}
 * the server reported, binary frames, close frames, error replies and its replay's {@code replay_complete}. Receives
 * the values {@link FrameScanner} finds in each text message. One per connection; loop thread only.
 */
final class ClientTally implements FrameScanner.Sink {
    private static final int POLICY_VIOLATION = 1008;

    private final LoopStats stats;
    private long lastSeq = -1;
    /** Metrics this client received so far. */
    private long received;
    /** Metrics of the current message so far. */
    private long messageMetrics;
    private long skippedBefore;
    /** When the bytes being scanned arrived, microseconds ({@code System.nanoTime() / 1000}). */
    private long nowUs;

    ClientTally(LoopStats stats) {
        this.stats = stats;
    }

    /** The bytes read next arrived at {@code nowUs}: the receipt time of the metrics found in them. */
    void arrivedAt(long nowUs) {
        this.nowUs = nowUs;
    }

    /** {@code n} bytes were read from the socket (counted when in the measured window). */
    void bytesRead(int n) {
        if (stats.window.contains(nowUs)) {
            stats.counts.wireBytesInWindow += n;
        }
    }

    /** A text message came compressed. */
    void compressedMessage() {
        stats.counts.compressedMessages++;
    }

    /** A data message (text or binary) begins. */
    void messageStarted() {
        messageMetrics = 0;
    }

    /** A binary frame begins (the server sends none). */
    void binaryFrame() {
        stats.counts.binaryFrames++;
    }

    /** A text message has been scanned whole; returns whether it carried metrics (else it is a control reply). */
    boolean textMessageEnded() {
        stats.counts.framesTotal++;
        boolean inWindow = stats.window.contains(nowUs);
        if (inWindow) {
            stats.counts.framesInWindow++;
        }
        if (messageMetrics > 0) {
            received += messageMetrics;
            stats.addReceived(messageMetrics);
            if (inWindow) {
                stats.counts.metricsInWindow += messageMetrics;
            }
            return true;
        }
        return false;
    }

    /** A close frame with status {@code code} (-1 when it carries none). */
    void closeFrame(int code) {
        stats.counts.closeFrames++;
        if (code == POLICY_VIOLATION) {
            stats.counts.close1008++;
        }
    }

    /** An {@code error} reply. */
    void errorReply() {
        stats.counts.errorReplies++;
    }

    /** The client's replay ended with {@code said}, {@code elapsedNanos} after the client began to connect. */
    void replayComplete(ReplayComplete said, long elapsedNanos) {
        stats.replays.completed(said, elapsedNanos, received);
    }

    @Override
    public void seq(long seq) {
        messageMetrics++;
        if (seq > lastSeq) {
            if (lastSeq >= 0 && seq > lastSeq + 1) {
                stats.counts.gaps++;
            }
            lastSeq = seq;
        } else if (seq == lastSeq) {
            stats.counts.duplicates++;
        } else {
            stats.counts.outOfOrder++;
        }
    }

    @Override
    public void sentUs(long sentUs) {
        if (stats.window.timed(sentUs)) {
            stats.recordLatency(nowUs - sentUs);
            if (skippedBefore > 0) {
                stats.recordSkipped(nowUs - sentUs, skippedBefore, stats.window.offerIntervalUs());
            }
        }
        skippedBefore = 0;
    }

    @Override
    public void skippedOffers(long skipped) {
        skippedBefore = skipped;
    }

    @Override
    public void dropped(long dropped) {
        stats.counts.droppedReported += dropped;
    }
}
