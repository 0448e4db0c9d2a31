package io.metricsstreamer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * System-wide metrics of a stress test at one instant. Rates are fractions (0.01 = 1%), utilisations are 0..1.
 * {@code queueDepth} and {@code queueWaitMs} are optional (null leaves them out of the JSON). Build one by name with
 * {@link #builder()}: two of its numbers swapped would still compile positionally.
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

    /** A builder with nothing set: see {@link Builder} for what an unset value becomes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link SystemMetrics} one named value at a time. Unset values: the timestamp is the time of
     * {@link #build()}, numbers are 0, the queue metrics are null (omitted from the JSON). Not thread-safe; it may
     * build again, each time a new record (and, with no timestamp set, a new timestamp).
     */
    public static final class Builder {
        private Instant timestamp;
        private double throughputTps;
        private long requestsTotal;
        private long requestsSuccessful;
        private long requestsFailed;
        private double avgResponseTimeMs;
        private double p50ResponseTimeMs;
        private double p95ResponseTimeMs;
        private double p99ResponseTimeMs;
        private double maxResponseTimeMs;
        private double errorRate;
        private double timeoutRate;
        private double cpuUtilization;
        private double memoryUtilization;
        private double networkThroughputMbps;
        private Long queueDepth;
        private Double queueWaitMs;

        private Builder() {
        }

        /** When the metrics were measured (unset: the time of {@link #build()}). */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = BuilderChecks.notNull(timestamp, "timestamp");
            return this;
        }

        /** Requests per second. */
        public Builder throughputTps(double throughputTps) {
            this.throughputTps = throughputTps;
            return this;
        }

        /** Requests so far. */
        public Builder requestsTotal(long requestsTotal) {
            this.requestsTotal = requestsTotal;
            return this;
        }

        /** Successful requests so far. */
        public Builder requestsSuccessful(long requestsSuccessful) {
            this.requestsSuccessful = requestsSuccessful;
            return this;
        }

        /** Failed requests so far. */
        public Builder requestsFailed(long requestsFailed) {
            this.requestsFailed = requestsFailed;
            return this;
        }

        /** Mean response time in milliseconds. */
        public Builder avgResponseTimeMs(double avgResponseTimeMs) {
            this.avgResponseTimeMs = avgResponseTimeMs;
            return this;
        }

        /** Median response time in milliseconds. */
        public Builder p50ResponseTimeMs(double p50ResponseTimeMs) {
            this.p50ResponseTimeMs = p50ResponseTimeMs;
            return this;
        }

        /** 95th-percentile response time in milliseconds. */
        public Builder p95ResponseTimeMs(double p95ResponseTimeMs) {
            this.p95ResponseTimeMs = p95ResponseTimeMs;
            return this;
        }

        /** 99th-percentile response time in milliseconds. */
        public Builder p99ResponseTimeMs(double p99ResponseTimeMs) {
            this.p99ResponseTimeMs = p99ResponseTimeMs;
            return this;
        }

        /** Longest response time in milliseconds. */
        public Builder maxResponseTimeMs(double maxResponseTimeMs) {
            this.maxResponseTimeMs = maxResponseTimeMs;
            return this;
        }

        /** Failed requests as a fraction (0.01 = 1%). */
        public Builder errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        /** Timed-out requests as a fraction (0.01 = 1%). */
        public Builder timeoutRate(double timeoutRate) {
            this.timeoutRate = timeoutRate;
            return this;
        }

        /** CPU utilisation, 0..1. */
        public Builder cpuUtilization(double cpuUtilization) {
            this.cpuUtilization = cpuUtilization;
            return this;
        }

        /** Memory utilisation, 0..1. */
        public Builder memoryUtilization(double memoryUtilization) {
            this.memoryUtilization = memoryUtilization;
            return this;
        }

        /** Network throughput in megabits per second. */
        public Builder networkThroughputMbps(double networkThroughputMbps) {
            this.networkThroughputMbps = networkThroughputMbps;
            return this;
        }

        /** Requests waiting in the queue (optional). */
        public Builder queueDepth(long queueDepth) {
            this.queueDepth = queueDepth;
            return this;
        }

        /** Requests waiting in the queue; null leaves it out of the JSON. */
        public Builder queueDepth(Long queueDepth) {
            this.queueDepth = queueDepth;
            return this;
        }

        /** Mean wait in the queue in milliseconds (optional). */
        public Builder queueWaitMs(double queueWaitMs) {
            this.queueWaitMs = queueWaitMs;
            return this;
        }

        /** Mean wait in the queue in milliseconds; null leaves it out of the JSON. */
        public Builder queueWaitMs(Double queueWaitMs) {
            this.queueWaitMs = queueWaitMs;
            return this;
        }

        /** A new record of the values set so far. */
        public SystemMetrics build() {
            return new SystemMetrics(timestamp != null ? timestamp : Instant.now(), throughputTps, requestsTotal,
                    requestsSuccessful, requestsFailed, avgResponseTimeMs, p50ResponseTimeMs, p95ResponseTimeMs,
                    p99ResponseTimeMs, maxResponseTimeMs, errorRate, timeoutRate, cpuUtilization, memoryUtilization,
                    networkThroughputMbps, queueDepth, queueWaitMs);
        }
    }
}
