package io.metricsstreamer.stats;

import java.util.List;
import java.util.Map;

/**
 * One connected client as statistics show it. Immutable; serialised with snake_case names.
 *
 * @param clientId                 the id sent in its welcome
 * @param user                     its token's {@code sub}; null when authentication is off or the token has none
 * @param subscribedMetrics        {@code ["all"]} or the sorted type names
 * @param filters                  its effective filters ({@code agent_ids}, {@code fields}) in their wire form (each a
 *                                 list of strings, or {@code fields} per type an object of lists), empty when none
 * @param updateIntervalSeconds    its minimum gap between deliveries, 0 for none
 * @param messagesSent             messages sent to it
 * @param metricsDelivered         metrics delivered to it
 * @param metricsDropped           metrics it lost
 * @param pendingMetrics           metrics waiting in its pending list
 * @param connectedDurationSeconds seconds since its handshake
 */
public record ClientSnapshot(
        String clientId,
        String user,
        List<String> subscribedMetrics,
        Map<String, Object> filters,
        double updateIntervalSeconds,
        long messagesSent,
        long metricsDelivered,
        long metricsDropped,
        int pendingMetrics,
        double connectedDurationSeconds) {
}
