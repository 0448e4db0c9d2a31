package io.metricsstreamer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * System-wide metrics of a stress test at one instant. Rates are fractions (0.01 = 1%), utilisations are 0..1.
 * {@code queueDepth} and {@code queueWaitMs} are optional (null leaves them out of the JSON).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemMetrics(
        Instant timestamp,
        double throughputTps,
        long requestsTotal,
        long requestsSuccessful,
        long requestsFailed,
        double avgResponseTimeMs,
        double p50ResponseTimeMs,
        double p95ResponseTimeMs,
        double p99ResponseTimeMs,
        double maxResponseTimeMs,
        double errorRate,
        double timeoutRate,
        double cpuUtilization,
        double memoryUtilization,
        double networkThroughputMbps,
        Long queueDepth,
        Double queueWaitMs) {
}
