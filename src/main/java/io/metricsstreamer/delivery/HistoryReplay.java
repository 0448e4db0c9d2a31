package io.metricsstreamer.delivery;

import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.subscription.Subscription;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One client's replay from the {@link MetricHistory}: the retained metrics from a start position to the history's
 * live edge, through the subscription and filters the client had when it began, cut into
 * {@code metric_update}/{@code metric_batch} frames marked {@code "replay":true}. The metrics published while it runs
 * reach the client through it too: it reads on past the last seq appended when it began (its horizon) until it finds
 * nothing newer to read, and the client takes live metrics only after the last seq it covered
 * ({@link #coveredSeq}). So a long replay loses nothing to the client's pending bounds, however fast the publishing.
 * It counts what it sent and knows whether anything of its range was missing: the history no longer reached its
 * start, or evicted a position before the replay read it. A replay that the history's bounds overtake past its
 * horizon (the client reads slower than metrics are published) stops there, unrecovered, and the client goes on
 * live from the newest metric, so that it is never left further behind than the history reaches. Its session sends
 * the frames as the socket drains ({@link ClientSession}, {@link ReplayPump}). Confined to the session's loop.
 */
final class HistoryReplay {
    /** Most bytes of envelopes in one replay frame (a frame holds at least one metric, whatever its size). */
    static final int FRAME_BYTES = 64 * 1024;
    /** Most metrics in one replay frame. */
    static final int FRAME_METRICS = 1000;
    /** Most history positions one call of {@link #nextFrame} reads, so that a sparse filter cannot hold the loop. */
    static final int SCAN_PER_FRAME = 16 * 1024;

    private static final byte[] COMMA = {','};
    private static final byte[] BATCH_END = "]}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SINGLE_HEAD =
            "{\"type\":\"metric_update\",\"replay\":true,\"data\":".getBytes(StandardCharsets.UTF_8);

    private final MetricHistory history;
    private Subscription subscription;
    private Filters filters;
    private final long horizonSeq;
    private long position;
    /** The newest seq read from the history, sent or not (0 before the first). */
    private long scannedSeq;
    /** Once done: the seq up to which the replay stood for the client's live metrics. */
    private long coveredSeq;
    private boolean recovered;
    private boolean done;
    private long count;
    private long fromSeq;
    private long toSeq;
    private final EncodedMetric[] frame = new EncodedMetric[FRAME_METRICS];
    private int lastFrameMetrics;

    /**
     * A replay of {@code history} from {@code position}, begun when {@code horizonSeq} was the last seq appended,
     * recovered so far as {@code recovered} says (whether the history reached back far enough when it began).
     */
    HistoryReplay(MetricHistory history, Subscription subscription, Filters filters, long position, long horizonSeq,
                  boolean recovered) {
        this.history = history;
        this.subscription = subscription;
        this.filters = filters;
        this.position = position;
        this.horizonSeq = horizonSeq;
        this.recovered = recovered && history.enabled();
    }

    /**
     * Starts a replay of what followed {@code sinceSeq} in the seq stream {@code epoch}: from there when it is the
     * history's epoch, else of everything retained, unrecovered.
     */
    static HistoryReplay sinceSeq(MetricHistory history, Subscription subscription, Filters filters, long sinceSeq,
                                  String epoch) {
        long horizon = history.lastSeq();
        if (!history.epoch().equals(epoch)) {
            return new HistoryReplay(history, subscription, filters, history.firstPosition(), horizon, false);
        }
        long start = history.positionAfterSeq(sinceSeq);
        // Read after the start position: anything evicted before it was found is seen here (see MetricHistory).
        boolean reaches = history.lastEvictedSeq() <= sinceSeq;
        return new HistoryReplay(history, subscription, filters, start, horizon, reaches);
    }

    /** Starts a replay of the metrics published in the last {@code nanos} nanoseconds. */
    static HistoryReplay sinceNanos(MetricHistory history, Subscription subscription, Filters filters, long nanos) {
        long horizon = history.lastSeq();
        long start = history.positionSince(nanos);
        boolean reaches = !history.evictedWithin(nanos);
        return new HistoryReplay(history, subscription, filters, start, horizon, reaches);
    }

    /**
     * The client's token was refreshed with narrower ceilings: the rest of the replay goes through
     * {@code subscription} and {@code filters} (the client's, within its new ceilings) instead.
     */
    void limitTo(Subscription subscription, Filters filters) {
        this.subscription = subscription;
        this.filters = filters;
    }

    /**
     * Once {@link #done()}: every metric up to this seq was the replay's to send (sent, filtered out, or lost and
     * reported by {@link #recovered()}); the client gets every later one live.
     */
    long coveredSeq() {
        return coveredSeq;
    }

    /** Whether every metric of the replay's range was sent. */
    boolean recovered() {
        return recovered;
    }

    /** Whether the whole range was read: nothing more to send. */
    boolean done() {
        return done;
    }

    /** The metrics sent so far. */
    long count() {
        return count;
    }

    /** The seq of the first metric sent (0 before it). */
    long fromSeq() {
        return fromSeq;
    }

    /** The seq of the last metric sent (0 before the first). */
    long toSeq() {
        return toSeq;
    }

    /** How many metrics the last frame of {@link #nextFrame} holds. */
    int lastFrameMetrics() {
        return lastFrameMetrics;
    }

    /**
     * The next frame of the replay, or null when none is ready: the replay reached the live edge ({@link #done()}),
     * or this call read {@link #SCAN_PER_FRAME} positions that the subscription or filters let nothing through from
     * (call again on a later loop turn).
     */
    SlicedFrame nextFrame() {
        int n = 0;
        long bytes = 0;
        for (int scanned = 0; scanned < SCAN_PER_FRAME && n < FRAME_METRICS && !done; scanned++) {
            PublishedMetric m = history.at(position);
            if (m == null) {
                skipMissing();
                continue;
            }
            EncodedMetric view = subscription.includes(m.type()) ? FilteredViews.viewOnce(m, filters) : null;
            if (view != null) {
                if (n > 0 && bytes + view.envelopeLength() > FRAME_BYTES) {
                    break;
                }
                frame[n++] = view;
                bytes += view.envelopeLength();
            }
            scannedSeq = m.seq();
            position++;
        }
        lastFrameMetrics = n;
        if (n == 0) {
            return null;
        }
        count += n;
        if (fromSeq == 0) {
            fromSeq = frame[0].seq();
        }
        toSeq = frame[n - 1].seq();
        SlicedFrame out = assemble(n);
        Arrays.fill(frame, 0, n, null);
        return out;
    }

    /**
     * Nothing at the position: either it was past the live edge when read (the replay is done, unless a metric was
     * appended there since) or the history evicted it before the replay read it. Before the horizon the replay goes
     * on from the oldest retained; past it, it ends, and the client goes on live.
     */
    private void skipMissing() {
        if (position >= history.firstPosition()) {
            // Not evicted, so it was past the end. The fence orders the session's registration on its loop before
            // these reads (the dispatcher fences between its appends and reading the loops: Hub.post). The last seq
            // is read before the end position: every seq up to it was appended at a position below that end.
            VarHandle.fullFence();
            long last = history.lastSeq();
            if (position >= history.endPosition()) {
                finish(Math.max(last, scannedSeq));
            }
            return;
        }
        recovered = false;
        if (scannedSeq >= horizonSeq) {
            finish(Math.max(history.lastSeq(), scannedSeq));
            return;
        }
        position = Math.max(position + 1, history.firstPosition());
    }

    private void finish(long covered) {
        done = true;
        coveredSeq = covered;
    }

    /** {@code metrics} of the frames sent could not be written after all: the replay is not whole. */
    void lost(int metrics) {
        if (metrics > 0) {
            recovered = false;
            count -= metrics;
        }
    }

    private SlicedFrame assemble(int n) {
        if (n == 1) {
            EncodedMetric m = frame[0];
            return new SlicedFrame(3).add(SINGLE_HEAD).add(m.frame(), m.envelopeOffset(), m.envelopeLength())
                    .add(EnvelopeEncoder.UPDATE_SUFFIX);
        }
        SlicedFrame out = new SlicedFrame(2 * n + 1);
        out.add(("{\"type\":\"metric_batch\",\"replay\":true,\"count\":" + n + ",\"data\":[")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.add(COMMA);
            }
            EncodedMetric m = frame[i];
            out.add(m.frame(), m.envelopeOffset(), m.envelopeLength());
        }
        return out.add(BATCH_END);
    }
}
