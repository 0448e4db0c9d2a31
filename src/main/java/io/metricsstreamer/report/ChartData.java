package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data the report's charts draw, as the JSON object the page embeds: {@code system} (columns over elapsed
 * time), {@code endpoints} (name, elapsed, p99 and throughput of each of the busiest) and {@code sampling} (how
 * many intervals each point stands for, how many endpoints are drawn of how many). Runs longer than
 * {@link #MAX_POINTS} intervals are drawn from groups of consecutive intervals: throughputs, rates and utilisations
 * as the group's mean, latencies as its worst, so that a stall stays visible however long the run.
 */
final class ChartData {
    /** The most points a series of the page holds. */
    static final int MAX_POINTS = 2000;
    /** The most endpoints the per-endpoint charts draw: the busiest (the table lists them all). */
    static final int MAX_CHARTED_ENDPOINTS = 10;

    /** Chart key, field of a system interval, and whether a group shows its worst (else its mean). */
    private record Field(String key, String field, boolean worst) {
    }

    private static final Field[] SYSTEM = {
        new Field("throughput_tps", "throughput_tps", false),
        new Field("p50_ms", "p50_response_time_ms", true),
        new Field("p95_ms", "p95_response_time_ms", true),
        new Field("p99_ms", "p99_response_time_ms", true),
        new Field("max_ms", "max_response_time_ms", true),
        new Field("error_rate", "error_rate", false),
        new Field("timeout_rate", "timeout_rate", false),
        new Field("cpu_utilization", "cpu_utilization", false),
        new Field("memory_utilization", "memory_utilization", false),
    };

    private ChartData() {
    }

    /**
     * The chart data of a run. The target rate of an interval is its own {@code target_tps} when the intervals carry
     * one (a profile that changes rate), else the summary's {@code target_tps} throughout.
     */
    static ObjectNode of(ObjectNode summary, Intervals system, Map<String, Intervals> endpoints) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        int per = Intervals.perPoint(system.size(), MAX_POINTS);
        ObjectNode s = root.putObject("system");
        s.set("elapsed", system.elapsed().points(per, true));
        for (Field field : SYSTEM) {
            s.set(field.key(), system.column(field.field()).points(per, field.worst()));
        }
        Column target = system.column("target_tps");
        double overall = Column.number(summary.get("target_tps"));
        if (target.any()) {
            s.set("target_tps", target.points(per, false));
        } else if (!Double.isNaN(overall)) {
            double[] constant = new double[system.size()];
            java.util.Arrays.fill(constant, overall);
            s.set("target_tps", Column.of(constant).points(per, false));
        }
        ArrayNode list = root.putArray("endpoints");
        int most = per;
        for (Map.Entry<String, Intervals> e : busiest(endpoints).entrySet()) {
            Intervals in = e.getValue();
            int p = Intervals.perPoint(in.size(), MAX_POINTS);
            most = Math.max(most, p);
            ObjectNode one = list.addObject();
            one.put("name", e.getKey());
            one.set("elapsed", in.elapsed().points(p, true));
            one.set("p99_ms", in.column("p99_response_time_ms").points(p, true));
            one.set("throughput_tps", in.throughput().points(p, false));
        }
        ObjectNode sampling = root.putObject("sampling");
        sampling.put("intervals", system.size());
        sampling.put("intervals_per_point", most);
        sampling.put("max_points", MAX_POINTS);
        sampling.put("endpoints", endpoints.size());
        sampling.put("endpoints_charted", list.size());
        return root;
    }

    /**
     * The {@link #MAX_CHARTED_ENDPOINTS} endpoints with the most requests (their last running total; ties and
     * endpoints without one by name), in the order given.
     */
    static Map<String, Intervals> busiest(Map<String, Intervals> endpoints) {
        if (endpoints.size() <= MAX_CHARTED_ENDPOINTS) {
            return endpoints;
        }
        Set<String> kept = endpoints.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Intervals> e) -> {
                    double n = e.getValue().column("requests_processed").last();
                    return Double.isNaN(n) ? Double.NEGATIVE_INFINITY : n;
                }).reversed().thenComparing(Map.Entry::getKey))
                .limit(MAX_CHARTED_ENDPOINTS).map(Map.Entry::getKey).collect(Collectors.toSet());
        Map<String, Intervals> out = new LinkedHashMap<>();
        endpoints.forEach((name, in) -> {
            if (kept.contains(name)) {
                out.put(name, in);
            }
        });
        return out;
    }
}
