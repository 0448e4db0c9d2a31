package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * The running totals of a test's transactions or endpoints (requests and errors so far, by name), and the
 * {@code agent} records a window of them becomes. At most {@link #MAX_NAMES} names: the ones after are summed
 * under {@link #OTHER}, so a test whose endpoint names carry ids cannot grow it without bound. Not thread-safe: its
 * summary's lock guards it.
 */
final class EndpointTotals {
    /** Names kept apart, at most. */
    static final int MAX_NAMES = 200;
    /** The name the endpoints past {@link #MAX_NAMES} are summed under. */
    static final String OTHER = "(other endpoints)";

    private final Map<String, long[]> totals = new HashMap<>();

    /** The name an endpoint is counted under: itself, or {@link #OTHER} once {@link #MAX_NAMES} are kept. */
    String bucket(String name) {
        return totals.containsKey(name) || totals.size() < MAX_NAMES - 1 ? name : OTHER;
    }

    /**
     * Adds a window's figures for {@code name} and returns its {@code agent} record.
     *
     * @param requests     the window's requests of the endpoint
     * @param errors       its failed requests
     * @param allRequests  the window's requests of every endpoint (its share is the record's {@code current_load})
     * @param windowSeconds the window's length
     * @param latency      the endpoint's latencies, or null when the tool sent its figures instead
     * @param source       the tool's name
     */
    ObjectNode record(String name, long requests, long errors, long allRequests, double windowSeconds,
                      ObjectNode latency, String source) {
        String key = bucket(name);
        long[] t = totals.computeIfAbsent(key, k -> new long[2]);
        t[0] += requests;
        t[1] += errors;
        double success = requests == 0 ? 1 : (double) (requests - errors) / requests;
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("agent_id", key);
        r.put("agent_name", key);
        r.put("requests_processed", t[0]);
        r.put("error_count", t[1]);
        r.put("throughput_tps", requests / windowSeconds);
        if (latency != null) {
            r.setAll(latency);
        }
        r.put("success_rate", success);
        r.put("health_score", success);
        r.put("current_load", allRequests == 0 ? 0 : (double) requests / allRequests);
        r.put("source", source);
        return r;
    }

    /** An empty array for a window's records. */
    static ArrayNode records() {
        return Json.mapper().createArrayNode();
    }
}
