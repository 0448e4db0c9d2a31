package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.metricsstreamer.ingest.ToolPoint;
import io.metricsstreamer.model.MetricTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * k6's InfluxDB output, made into the dashboard's metrics. k6 writes every sample as a point of its metric's name
 * (one {@code http_reqs}, one {@code http_req_duration}, one {@code http_req_failed} and more per request, with the
 * request's tags: {@code name}, {@code method}, {@code status}, ...), pushed once a second. This sums them into
 * seconds by their timestamps: a second becomes a {@code system} metric (requests, latency percentiles of its
 * durations, error rate from {@code http_req_failed}, network throughput from {@code data_sent} and
 * {@code data_received}, {@code vus} as {@code active_threads}) and an {@code agent} record per endpoint
 * ({@code name} tag).
 *
 * <p>A second is complete, and published, once a sample {@link #SETTLE} newer arrives (k6 pushes each second's
 * samples within the next), or when no sample came for {@link #SETTLE} of the server's time (the test paused or
 * ended: {@link #due}). A sample of a second already published (or older than {@link #MAX_OPEN} seconds before the
 * newest) is added to the oldest open second, or the newest when none is open: it is counted late rather than
 * lost. Thread-safe: one lock, taken once per write and per {@link #due}.
 */
final class K6Summary {
    /** The {@code source} of k6's metrics. */
    static final String SOURCE = "k6";
    /** How much newer a sample, or how long a silence, completes a second. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** Seconds open at most: a sample older than the newest by more joins the oldest open one. */
    static final int MAX_OPEN = 120;
    private static final Set<String> BUILT_IN = Set.of("vus", "vus_max", "iterations", "iteration_duration",
            "dropped_iterations", "data_received", "data_sent", "checks", "group_duration", "http_reqs",
            "http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
            "http_req_sending", "http_req_waiting", "http_req_receiving", "http_req_failed");
    private static final List<String> BUILT_IN_PREFIXES = List.of("ws_", "grpc_", "browser_", "webvital_");

    private final TreeMap<Long, K6Second> open = new TreeMap<>();
    private final EndpointTotals endpoints = new EndpointTotals();
    private long newestSecond = Long.MIN_VALUE;
    /** The newest second published; samples of it or older join the oldest open second. */
    private long publishedThrough = Long.MIN_VALUE;
    private Instant lastArrival = Instant.MIN;
    private long requestsTotal;
    private long failedTotal;

    /** Whether {@code measurement} is one of k6's built-in metrics. */
    static boolean reads(String measurement) {
        if (BUILT_IN.contains(measurement)) {
            return true;
        }
        for (String prefix : BUILT_IN_PREFIXES) {
            if (measurement.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Adds one write's k6 samples, which arrived at {@code now}; returns the seconds they complete. */
    List<ToolSummary> take(List<ToolPoint> points, Instant now) {
        // Read before the lock: concurrent writes (k6 pushes up to four at once) parse in parallel.
        List<PointData> data = new ArrayList<>(points.size());
        for (ToolPoint p : points) {
            data.add(PointData.of(p));
        }
        return add(points, data, now);
    }

    private synchronized List<ToolSummary> add(List<ToolPoint> points, List<PointData> data, Instant now) {
        for (ToolPoint p : points) {
            newestSecond = Math.max(newestSecond, p.timestamp().getEpochSecond());
        }
        for (int i = 0; i < points.size(); i++) {
            ToolPoint p = points.get(i);
            long second = p.timestamp().getEpochSecond();
            if (second <= publishedThrough || second < newestSecond - MAX_OPEN) {
                second = open.isEmpty() ? Math.max(publishedThrough + 1, newestSecond) : open.firstKey();
            }
            open.computeIfAbsent(second, s -> new K6Second()).add(p.measurement(), data.get(i));
        }
        lastArrival = now;
        return publish(newestSecond - SETTLE.toSeconds());
    }

    /** The seconds a silence of {@link #SETTLE} since the last sample completes (all open ones). */
    synchronized List<ToolSummary> due(Instant now) {
        if (open.isEmpty() || Duration.between(lastArrival, now).compareTo(SETTLE) < 0) {
            return List.of();
        }
        return publish(Long.MAX_VALUE);
    }

    /** Publishes, oldest first, the open seconds up to {@code through}. */
    private List<ToolSummary> publish(long through) {
        List<ToolSummary> out = new ArrayList<>();
        while (!open.isEmpty() && open.firstKey() <= through) {
            Map.Entry<Long, K6Second> e = open.pollFirstEntry();
            publishedThrough = Math.max(publishedThrough, e.getKey());
            K6Second s = e.getValue();
            if (!s.hasRequests()) {
                continue;
            }
            requestsTotal += s.requests();
            failedTotal += Math.min(s.failed(), s.requests());
            Instant at = Instant.ofEpochSecond(e.getKey());
            out.add(new ToolSummary(MetricTypes.SYSTEM, at, s.system(requestsTotal, failedTotal)));
            ArrayNode agents = s.agents(endpoints);
            if (!agents.isEmpty()) {
                out.add(new ToolSummary(MetricTypes.AGENT, at, agents));
            }
        }
        return out;
    }
}
