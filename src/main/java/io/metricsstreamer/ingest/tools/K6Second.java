package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What k6 measured in one second of its test: the samples whose timestamps fall in it, summed. Not thread-safe: the
 * summary's lock guards it.
 */
final class K6Second {
    private final LatencyWindow durations = new LatencyWindow();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private long requests;
    private long failed;
    private double bytes = Double.NaN;
    private double vus = Double.NaN;

    /** One endpoint's second. */
    private static final class Endpoint {
        final LatencyWindow durations = new LatencyWindow();
        long requests;
        long failed;
    }

    /** Adds one sample of metric {@code measurement}. */
    void add(String measurement, PointData d) {
        double value = d.number("value");
        if (Double.isNaN(value)) {
            return;
        }
        switch (measurement) {
            case "http_reqs" -> requests += Math.round(value);
            case "http_req_duration" -> {
                durations.record(value);
                Endpoint e = endpoint(d);
                e.durations.record(value);
                e.requests++;
            }
            case "http_req_failed" -> {
                if (value > 0) {
                    failed++;
                    endpoint(d).failed++;
                }
            }
            case "data_sent", "data_received" -> bytes = Double.isNaN(bytes) ? value : bytes + value;
            case "vus" -> vus = value;
            default -> {
                // The other built-in metrics (the phases of a request, iterations, checks, ...) are not drawn.
            }
        }
    }

    /** Requests of the second: {@code http_reqs}, or the durations when the test left that metric out. */
    long requests() {
        return requests > 0 ? requests : durations.count();
    }

    long failed() {
        return failed;
    }

    boolean hasRequests() {
        return requests() > 0;
    }

    /** The second as a system metric's data, given the test's totals after it. */
    ObjectNode system(long requestsTotal, long failedTotal) {
        long n = requests();
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("throughput_tps", (double) n);
        s.put("requests_total", requestsTotal);
        s.put("requests_successful", requestsTotal - failedTotal);
        s.put("requests_failed", failedTotal);
        durations.writeTo(s);
        s.put("error_rate", n == 0 ? 0 : (double) Math.min(failed, n) / n);
        if (!Double.isNaN(bytes)) {
            s.put("network_throughput_mbps", bytes * 8 / 1e6);
        }
        if (!Double.isNaN(vus)) {
            s.put("active_threads", vus);
        }
        s.put("source", K6Summary.SOURCE);
        return s;
    }

    /** The second's endpoints as agent records, their totals kept in {@code totals}. */
    ArrayNode agents(EndpointTotals totals) {
        ArrayNode records = EndpointTotals.records();
        long all = 0;
        for (Endpoint e : endpoints.values()) {
            all += e.requests;
        }
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            Endpoint ep = e.getValue();
            ObjectNode latency = Json.mapper().createObjectNode();
            latency.put("avg_response_time_ms", ep.durations.mean());
            latency.put("p95_response_time_ms", ep.durations.percentile(95));
            latency.put("p99_response_time_ms", ep.durations.percentile(99));
            records.add(totals.record(e.getKey(), ep.requests, Math.min(ep.failed, ep.requests), all, 1, latency,
                    K6Summary.SOURCE));
        }
        return records;
    }

    /** The endpoint of a sample: its {@code name} tag (k6 sets it to the URL unless the script names it). */
    private Endpoint endpoint(PointData d) {
        String name = d.text("name", d.text("url", "(unnamed)"));
        if (!endpoints.containsKey(name) && endpoints.size() >= EndpointTotals.MAX_NAMES - 1) {
            name = EndpointTotals.OTHER;
        }
        return endpoints.computeIfAbsent(name, k -> new Endpoint());
    }
}
