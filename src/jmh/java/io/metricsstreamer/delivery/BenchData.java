package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;

/** Realistic payloads for the benchmarks: a system record like the bench harness sends, and agent arrays. */
public final class BenchData {
    private BenchData() {
    }

    /** A system record with 16 numeric fields plus sent_us (about 520 bytes encoded). */
    public static ObjectNode systemRecord(long i) {
        ObjectNode n = Json.mapper().createObjectNode();
        String[] names = {"throughput_tps", "requests_total", "requests_successful", "requests_failed",
            "avg_response_time_ms", "p50_response_time_ms", "p95_response_time_ms", "p99_response_time_ms",
            "max_response_time_ms", "error_rate", "timeout_rate", "cpu_utilization", "memory_utilization",
            "network_throughput_mbps", "queue_depth", "queue_wait_ms"};
        for (int f = 0; f < names.length; f++) {
            n.put(names[f], 1000.123456 + f * 17.5 + i);
        }
        n.put("sent_us", 123_456_789L + i);
        return n;
    }

    /** An array of {@code agents} agent records. */
    public static ArrayNode agentArray(int agents) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (int i = 1; i <= agents; i++) {
            ObjectNode r = a.addObject();
            r.put("agent_id", "agent_" + i);
            r.put("health_score", 0.9 + i / 100.0);
            r.put("current_load", 0.5);
            r.put("avg_response_time_ms", 20.5 + i);
            r.put("requests_processed", 1000L * i);
        }
        return a;
    }
}
