package io.metricsstreamer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One agent's metrics at one instant. The decision-quality fields ({@code decisionAccuracy},
 * {@code decisionLatencyMs}, {@code decisionsMade}) are optional (null leaves them out of the JSON). Build one by name
 * with {@link #builder()}.
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

    /** A builder with nothing set: see {@link Builder} for what an unset value becomes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link AgentMetrics} one named value at a time. {@code agentId} is mandatory: every agent record carries
     * its {@code agent_id} (filters, conflation and aggregation key on it). Unset values: the name is the id, the
     * timestamp is the time of {@link #build()}, numbers are 0, the decision-quality fields are null (omitted from the
     * JSON). Not thread-safe; it may build again, each time a new record (and, with no timestamp set, a new
     * timestamp).
     */
    public static final class Builder {
        private String agentId;
        private String agentName;
        private Instant timestamp;
        private long requestsProcessed;
        private double avgResponseTimeMs;
        private double p95ResponseTimeMs;
        private double p99ResponseTimeMs;
        private double successRate;
        private long errorCount;
        private long timeoutCount;
        private double currentLoad;
        private int concurrentRequests;
        private double healthScore;
        private Double decisionAccuracy;
        private Double decisionLatencyMs;
        private Long decisionsMade;

        private Builder() {
        }

        /** The agent's id (mandatory). */
        public Builder agentId(String agentId) {
            this.agentId = BuilderChecks.notNull(agentId, "agentId");
            return this;
        }

        /** The agent's display name (unset: its id). */
        public Builder agentName(String agentName) {
            this.agentName = BuilderChecks.notNull(agentName, "agentName");
            return this;
        }

        /** When the metrics were measured (unset: the time of {@link #build()}). */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = BuilderChecks.notNull(timestamp, "timestamp");
            return this;
        }

        /** Requests the agent processed so far. */
        public Builder requestsProcessed(long requestsProcessed) {
            this.requestsProcessed = requestsProcessed;
            return this;
        }

        /** Mean response time in milliseconds. */
        public Builder avgResponseTimeMs(double avgResponseTimeMs) {
            this.avgResponseTimeMs = avgResponseTimeMs;
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

        /** Successful requests as a fraction (0.99 = 99%). */
        public Builder successRate(double successRate) {
            this.successRate = successRate;
            return this;
        }

        /** Failed requests so far. */
        public Builder errorCount(long errorCount) {
            this.errorCount = errorCount;
            return this;
        }

        /** Timed-out requests so far. */
        public Builder timeoutCount(long timeoutCount) {
            this.timeoutCount = timeoutCount;
            return this;
        }

        /** Current load, 0..1. */
        public Builder currentLoad(double currentLoad) {
            this.currentLoad = currentLoad;
            return this;
        }

        /** Requests in progress now. */
        public Builder concurrentRequests(int concurrentRequests) {
            this.concurrentRequests = concurrentRequests;
            return this;
        }

        /** Health, 0..1. */
        public Builder healthScore(double healthScore) {
            this.healthScore = healthScore;
            return this;
        }

        /** Fraction of correct decisions (optional). */
        public Builder decisionAccuracy(double decisionAccuracy) {
            this.decisionAccuracy = decisionAccuracy;
            return this;
        }

        /** Fraction of correct decisions; null leaves it out of the JSON. */
        public Builder decisionAccuracy(Double decisionAccuracy) {
            this.decisionAccuracy = decisionAccuracy;
            return this;
        }

        /** Mean time to a decision in milliseconds (optional). */
        public Builder decisionLatencyMs(double decisionLatencyMs) {
            this.decisionLatencyMs = decisionLatencyMs;
            return this;
        }

        /** Mean time to a decision in milliseconds; null leaves it out of the JSON. */
        public Builder decisionLatencyMs(Double decisionLatencyMs) {
            this.decisionLatencyMs = decisionLatencyMs;
            return this;
        }

        /** Decisions made so far (optional). */
        public Builder decisionsMade(long decisionsMade) {
            this.decisionsMade = decisionsMade;
            return this;
        }

        /** Decisions made so far; null leaves it out of the JSON. */
        public Builder decisionsMade(Long decisionsMade) {
            this.decisionsMade = decisionsMade;
            return this;
        }

        /**
         * A new record of the values set so far.
         *
         * @throws IllegalStateException when {@code agentId} was not set
         */
        public AgentMetrics build() {
            String id = BuilderChecks.required(agentId, "AgentMetrics", "agentId", "agent_id");
            return new AgentMetrics(id, agentName != null ? agentName : id,
                    timestamp != null ? timestamp : Instant.now(), requestsProcessed, avgResponseTimeMs,
                    p95ResponseTimeMs, p99ResponseTimeMs, successRate, errorCount, timeoutCount, currentLoad,
                    concurrentRequests, healthScore, decisionAccuracy, decisionLatencyMs, decisionsMade);
        }
    }
}
