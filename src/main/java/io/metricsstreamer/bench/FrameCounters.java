package io.metricsstreamer.bench;

/**
 * What the clients counted: metrics, frames and bytes read in the measured window, order violations and gaps (a seq
 * more than one past the client's last), drops the server reported, closes, errors and compressed messages. One
 * instance per event loop (written by its thread only, see {@link LoopStats}) and one for the totals of a run (see
 * {@link ClientTotals}). Not thread-safe.
 */
final class FrameCounters {
    long metricsInWindow;
    long framesInWindow;
    long framesTotal;
    long outOfOrder;
    long duplicates;
    long gaps;
    long droppedReported;
    long closeFrames;
    long close1008;
    long errorReplies;
    long binaryFrames;
    /** Bytes read from the sockets (frame headers and control frames included) in the measured window. */
    long wireBytesInWindow;
    /** Text messages that came compressed (RSV1). */
    long compressedMessages;

    /** Adds another set of counters to this one. */
    void add(FrameCounters o) {
        metricsInWindow += o.metricsInWindow;
        framesInWindow += o.framesInWindow;
        framesTotal += o.framesTotal;
        outOfOrder += o.outOfOrder;
        duplicates += o.duplicates;
        gaps += o.gaps;
        droppedReported += o.droppedReported;
        closeFrames += o.closeFrames;
        close1008 += o.close1008;
        errorReplies += o.errorReplies;
        binaryFrames += o.binaryFrames;
        wireBytesInWindow += o.wireBytesInWindow;
        compressedMessages += o.compressedMessages;
    }
}
