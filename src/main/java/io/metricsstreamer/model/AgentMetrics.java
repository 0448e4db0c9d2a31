package io.metricsstreamer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One agent's metrics at one instant. The decision-quality fields ({@code decisionAccuracy},
 * {@code decisionLatencyMs}, {@code decisionsMade}) are optional (null leaves them out of the JSON).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentMetrics(
        String agentId,
        String agentName,
        Instant timestamp,
        long requestsProcessed,
        double avgResponseTimeMs,
        double p95ResponseTimeMs,
        double p99ResponseTimeMs,
        double successRate,
        long errorCount,
        long timeoutCount,
        double currentLoad,
        int concurrentRequests,
        double healthScore,
        Double decisionAccuracy,
        Double decisionLatencyMs,
        Long decisionsMade) {
}
