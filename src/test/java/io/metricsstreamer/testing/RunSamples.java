package io.metricsstreamer.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a {@code run} hands its report writer, made up: a summary, the SystemMetrics of each 250 ms interval and the
 * AgentMetrics of each endpoint per interval, with a 1 s stall at 30 s. Deterministic (a fixed seed).
 */
public record RunSamples(ObjectNode summary, List<ObjectNode> system, Map<String, List<ObjectNode>> endpoints) {
    /** The endpoints of {@link #of}. */
    public static final List<String> ENDPOINTS = List.of("GET /api/orders", "POST /api/orders", "GET /api/users/{id}");

    /** A run of {@code seconds} at {@code tps}, judged {@code passed}, with {@link #ENDPOINTS}. */
    public static RunSamples of(int seconds, double tps, boolean passed) {
        return of(seconds, tps, passed, ENDPOINTS);
    }

    /** A run of {@code seconds} at {@code tps}, judged {@code passed}, against these endpoints. */
    public static RunSamples of(int seconds, double tps, boolean passed, List<String> endpointNames) {
        Random random = new Random(42);
        List<ObjectNode> system = new ArrayList<>();
        Map<String, List<ObjectNode>> endpoints = new LinkedHashMap<>();
        endpointNames.forEach(e -> endpoints.put(e, new ArrayList<>()));
        long[] totals = new long[endpointNames.size()];
        long[] errors = new long[endpointNames.size()];
        int intervals = seconds * 4;
        for (int i = 1; i <= intervals; i++) {
            double elapsed = i * 0.25;
            boolean stall = elapsed > 30 && elapsed <= 31;
            double got = tps * (stall ? 0.1 : 0.97 + random.nextDouble() * 0.05);
            double p50 = 4 + random.nextDouble() * 2 + (stall ? 600 : 0);
            ObjectNode s = Json.mapper().createObjectNode();
            s.put("elapsed_seconds", elapsed);
            s.put("timestamp", "2026-12-06T01:00:00Z");
            s.put("throughput_tps", got);
            s.put("requests_total", Math.round(got / 4));
            s.put("p50_response_time_ms", p50);
            s.put("avg_response_time_ms", p50 * 1.2);
            s.put("p95_response_time_ms", p50 * 2.5);
            s.put("p99_response_time_ms", p50 * 4 + (stall ? 400 : 0));
            s.put("max_response_time_ms", p50 * 6 + (stall ? 1000 : 0));
            s.put("error_rate", stall ? 0.05 : random.nextDouble() * 0.004);
            s.put("timeout_rate", stall ? 0.02 : 0);
            s.put("cpu_utilization", 0.2 + random.nextDouble() * 0.1);
            s.put("memory_utilization", 0.3);
            s.put("network_throughput_mbps", 4.2);
            system.add(s);
            for (int e = 0; e < totals.length; e++) {
                long n = Math.round(got / 4 / totals.length);
                long err = random.nextDouble() < 0.1 ? 1 : 0;
                totals[e] += n;
                errors[e] += err;
                ObjectNode a = Json.mapper().createObjectNode();
                a.put("elapsed_seconds", elapsed);
                a.put("agent_id", endpointNames.get(e));
                a.put("requests_processed", totals[e]);
                a.put("avg_response_time_ms", p50 * (1 + e * 0.3));
                a.put("p95_response_time_ms", p50 * (2 + e));
                a.put("p99_response_time_ms", p50 * (4 + e));
                a.put("success_rate", n == 0 ? 1 : (double) (n - err) / n);
                a.put("error_count", errors[e]);
                a.put("timeout_count", 0);
                a.put("concurrent_requests", 3);
                endpoints.get(endpointNames.get(e)).add(a);
            }
        }
        return new RunSamples(summary(seconds, tps, passed), system, endpoints);
    }

    private static ObjectNode summary(int seconds, double tps, boolean passed) {
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("timestamp", "2026-12-06T01:01:00Z");
        summary.put("target", "http://127.0.0.1:8080/api/orders");
        summary.put("profile", "sustained");
        summary.put("target_tps", tps);
        summary.put("duration_seconds", seconds);
        summary.put("throughput_tps", tps * 0.985);
        summary.put("requests_total", Math.round(tps * 0.985 * seconds));
        summary.put("requests_successful", Math.round(tps * 0.98 * seconds));
        summary.put("requests_failed", Math.round(tps * 0.005 * seconds));
        summary.put("avg_response_time_ms", 7.5);
        summary.put("p50_response_time_ms", 5.1);
        summary.put("p95_response_time_ms", 14.2);
        summary.put("p99_response_time_ms", 123.4);
        summary.put("max_response_time_ms", 1036.0);
        summary.put("error_rate", 0.005);
        summary.put("timeout_rate", 0.0004);
        summary.put("cpu_utilization", 0.25);
        summary.put("memory_utilization", 0.3);
        summary.put("network_throughput_mbps", 4.2);
        summary.put("schedule_error_p50_ms", 0.04);
        summary.put("schedule_error_p99_ms", 0.61);
        ObjectNode codes = summary.putObject("status_codes");
        codes.put("200", Math.round(tps * 0.98 * seconds));
        codes.put("500", Math.round(tps * 0.004 * seconds));
        codes.put("timeout", Math.round(tps * 0.001 * seconds));
        ObjectNode criteria = summary.putObject("criteria");
        criterion(criteria, "max_p99_ms", 500, 123.4, true);
        criterion(criteria, "max_error_rate", 0.01, 0.005, true);
        criterion(criteria, "min_throughput_tps", tps * 0.99, tps * 0.985, passed);
        summary.put("passed", passed);
        return summary;
    }

    private static void criterion(ObjectNode criteria, String name, double limit, double actual, boolean passed) {
        ObjectNode c = criteria.putObject(name);
        c.put("limit", limit);
        c.put("actual", actual);
        c.put("passed", passed);
    }
}
