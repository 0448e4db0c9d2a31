package io.metricsstreamer.bench;

import java.util.List;

/**
 * W5's ten distinct client filters and the agent-style data they apply to. Every filter keeps {@code sent_us} (either
 * it has no field projection, or {@code sent_us} is among its fields), and every published array holds one record
 * without {@code agent_id} that carries {@code sent_us}: records without {@code agent_id} survive every agent filter,
 * so every client receives every metric, each with exactly one {@code sent_us}, and loss is measured exactly. The
 * field lists also keep {@code skipped_offers}, the publisher's coordinated-omission marker (see {@link Publisher}).
 */
public final class FilterMix {
    /** Agents in each published array: {@code agent_0 .. agent_3}. */
    public static final int AGENTS = 4;

    /** The {@code set_filters} messages, one per view; client {@code i} sends {@code FILTERS.get(i % VIEWS)}. */
    public static final List<String> FILTERS = List.of(
            filters("[\"agent_0\"]", null),
            filters("[\"agent_1\",\"agent_2\"]", null),
            filters("[\"agent_3\"]", "\"health_score\""),
            filters(null, "\"health_score\",\"current_load\""),
            filters(null, "\"requests_total\",\"success_rate\""),
            filters("[\"agent_0\",\"agent_3\"]", "\"avg_response_time_ms\""),
            filters("[\"agent_2\"]", "\"throughput_tps\",\"current_load\""),
            filters("[]", "\"error_rate\""),
            filters("[\"agent_0\",\"agent_1\",\"agent_2\",\"agent_3\"]", "\"requests_processed\""),
            filters(null, "\"timestamp\",\"health_score\""));

    /** Distinct views. */
    public static final int VIEWS = FILTERS.size();

    private FilterMix() {
    }

    /** The {@code set_filters} message of client number {@code clientIndex}. */
    public static String forClient(int clientIndex) {
        return FILTERS.get(Math.floorMod(clientIndex, VIEWS));
    }

    /** A set_filters message; {@code fields} (JSON strings, comma-separated) get sent_us and skipped_offers. */
    private static String filters(String agentIds, String fields) {
        StringBuilder sb = new StringBuilder("{\"type\":\"set_filters\",\"filters\":{");
        if (agentIds != null) {
            sb.append("\"agent_ids\":").append(agentIds);
        }
        if (fields != null) {
            sb.append(agentIds != null ? "," : "").append("\"fields\":[\"sent_us\",\"skipped_offers\",")
                    .append(fields).append(']');
        }
        return sb.append("}}").toString();
    }
}
