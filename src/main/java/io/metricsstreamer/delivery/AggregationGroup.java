package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.aggregation.AggregateResult;
import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.aggregation.WindowAggregator;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.subscription.Filters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The clients of one loop that asked for the same aggregation with the same filters: their window is computed once
 * and its results, encoded once, go to each of them (SPEC 9). Each metric is added once however many members are
 * offered it (a member offers the metrics of the types it subscribes to; the first to offer a seq of a type adds it),
 * and at the end of each window, aligned to multiples of the window since the Unix epoch, the results of the types a
 * member subscribes to join its pending list. A member's first results are those of the first whole window after it
 * joined: the window it joined in also holds metrics from before it asked, which only some members would see, so
 * what a client receives never depends on who else asked for the same thing. The window's timer runs while the group
 * has members. Made and dropped by {@link LoopAggregations}; confined to the loop.
 */
final class AggregationGroup {
    private final AggregationSpec spec;
    private final LoopScheduler loop;
    private final Runnable whenEmpty;
    private final WindowAggregator window;
    private final List<Member> members = new ArrayList<>();
    /** Per type index, the seq added last: a seq a second member offers is not added again. */
    private long[] lastSeqByType = new long[8];
    private long windowEnd;
    private LoopScheduler.Cancellable timer;
    private long windowsComputed;

    /** An empty group; {@code whenEmpty} runs when its last member leaves. */
    AggregationGroup(AggregationSpec spec, LoopScheduler loop, Runnable whenEmpty) {
        this.spec = spec;
        this.loop = loop;
        this.whenEmpty = whenEmpty;
        this.window = new WindowAggregator(spec);
    }

    /** A member, and the end of the first window whose results it gets. */
    private record Member(ClientSession session, long firstWindowEnd) {
    }

    /** Adds a member; the first one starts the window's timer. */
    void join(ClientSession member) {
        long now = loop.epochNanos();
        long w = spec.windowNanos();
        if (timer == null) {
            windowEnd = Math.floorDiv(now, w) * w + w;
            schedule(now);
        }
        members.add(new Member(member, windowEnd + w));
    }

    /** Removes a member; with the last one the timer stops and the group goes. */
    void leave(ClientSession member) {
        members.removeIf(m -> m.session() == member);
        if (members.isEmpty()) {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            window.drain();
            whenEmpty.run();
        }
    }

    /** Adds {@code m}, as {@code view} (its encoding under the group's filters), unless a member added it already. */
    void add(PublishedMetric m, EncodedMetric view) {
        int t = m.type().index();
        if (t >= lastSeqByType.length) {
            lastSeqByType = Arrays.copyOf(lastSeqByType, Math.max(t + 1, lastSeqByType.length * 2));
        }
        if (m.seq() <= lastSeqByType[t]) {
            return;
        }
        lastSeqByType[t] = m.seq();
        window.add(m.type(), m.seq(), view == m.encoded() ? m.data() : dataOf(view));
    }

    /** How many windows with metrics this group computed (for tests and benchmarks). */
    long windowsComputed() {
        return windowsComputed;
    }

    private void schedule(long now) {
        timer = loop.schedule(this::windowEnded, Math.max(0, windowEnd - now));
    }

    private void windowEnded() {
        timer = null;
        if (!window.isEmpty()) {
            windowsComputed++;
            List<EncodedMetric> results = encode(window.drain());
            for (Member member : List.copyOf(members)) {
                if (windowEnd >= member.firstWindowEnd()) {
                    member.session().takeAggregates(results);
                }
            }
        }
        if (members.isEmpty()) {
            return;
        }
        long now = loop.epochNanos();
        long w = spec.windowNanos();
        // A loop that stalled past whole windows goes on with the window it is in.
        windowEnd = Math.max(windowEnd + w, Math.floorDiv(now, w) * w + w);
        schedule(now);
    }

    /** The results as envelopes, in the order of their seqs (the newest metric's), as every delivery is. */
    private List<EncodedMetric> encode(List<AggregateResult> results) {
        results.sort(Comparator.comparingLong(AggregateResult::toSeq));
        String timestamp = Timestamps.format(Instant.ofEpochSecond(0, windowEnd));
        List<EncodedMetric> out = new ArrayList<>(results.size());
        for (AggregateResult r : results) {
            ObjectNode aggregated = Json.mapper().createObjectNode();
            aggregated.put("window_seconds", spec.windowSeconds());
            aggregated.put("function", spec.function().wire());
            if (!spec.functions().isEmpty()) {
                ObjectNode functions = aggregated.putObject("functions");
                spec.functions().forEach((field, f) -> functions.put(field, f.wire()));
            }
            aggregated.put("count", r.count());
            aggregated.put("from_seq", r.fromSeq());
            aggregated.put("to_seq", r.toSeq());
            out.add(EnvelopeEncoder.encodeAggregated(r.toSeq(), r.type(), timestamp, EnvelopeEncoder.toJson(r.data()),
                    EnvelopeEncoder.toJson(aggregated)));
        }
        return out;
    }

    /** The data of an encoded view, parsed. */
    private static JsonNode dataOf(EncodedMetric view) {
        try {
            return Json.mapper().readTree(view.frame(), view.envelopeOffset(), view.envelopeLength()).get("data");
        } catch (IOException e) {
            throw new UncheckedIOException("a view encoded by the server always parses", e);
        }
    }

    /** The key a group is found by on its loop: equal filters and spec share one. */
    record Key(Filters filters, AggregationSpec spec) {
    }
}
