package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMetricsBuilderTest {
    private static final Instant AT = Instant.parse("2024-01-01T12:00:00.123456Z");
    private static final List<String> CONTRACT_KEYS = List.of("agent_id", "agent_name", "timestamp",
            "requests_processed", "avg_response_time_ms", "p95_response_time_ms", "p99_response_time_ms",
            "success_rate", "error_count", "timeout_count", "current_load", "concurrent_requests", "health_score");

    @Test
    void shouldEqualThePositionalRecordWhenEveryValueIsSet() {
        AgentMetrics built = AgentMetrics.builder()
                .agentId("agent_1")
                .agentName("Fraud scorer")
                .timestamp(AT)
                .requestsProcessed(1)
                .avgResponseTimeMs(2.5)
                .p95ResponseTimeMs(3.5)
                .p99ResponseTimeMs(4.5)
                .successRate(5.5)
                .errorCount(6)
                .timeoutCount(7)
                .currentLoad(8.5)
                .concurrentRequests(9)
                .healthScore(10.5)
                .decisionAccuracy(11.5)
                .decisionLatencyMs(12.5)
                .decisionsMade(13)
                .build();
        AgentMetrics positional = new AgentMetrics("agent_1", "Fraud scorer", AT, 1, 2.5, 3.5, 4.5, 5.5, 6, 7, 8.5,
                9, 10.5, 11.5, 12.5, 13L);

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldNameTheAgentByItsIdStampBuildTimeAndLeaveTheRestZeroOrOmitted() {
        AgentMetrics.Builder builder = AgentMetrics.builder().agentId("agent_7");

        Instant before = Instant.now();
        AgentMetrics m = builder.build();
        Instant after = Instant.now();

        assertThat(m.timestamp()).isBetween(before, after);
        assertThat(m).isEqualTo(new AgentMetrics("agent_7", "agent_7", m.timestamp(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                null, null, null));
    }

    @Test
    void shouldWriteExactlyTheContractKeysAndTheDecisionFieldsOnlyWhenSet() {
        assertThat(keys(AgentMetrics.builder().agentId("a").build()))
                .containsExactlyInAnyOrderElementsOf(CONTRACT_KEYS);

        List<String> withDecisions = new ArrayList<>(CONTRACT_KEYS);
        withDecisions.addAll(List.of("decision_accuracy", "decision_latency_ms", "decisions_made"));
        AgentMetrics m = AgentMetrics.builder().agentId("a").decisionAccuracy(0).decisionLatencyMs(0).decisionsMade(0)
                .build();
        assertThat(keys(m)).containsExactlyInAnyOrderElementsOf(withDecisions);
    }

    @Test
    void shouldOmitADecisionFieldSetBackToNull() {
        Double unknown = null;
        Long notCounted = null;

        AgentMetrics m = AgentMetrics.builder().agentId("a").decisionAccuracy(0.9).decisionAccuracy(unknown)
                .decisionLatencyMs(unknown).decisionsMade(notCounted).build();

        assertThat(keys(m)).containsExactlyInAnyOrderElementsOf(CONTRACT_KEYS);
    }

    @Test
    void shouldRefuseToBuildWithoutAnAgentIdNamingIt() {
        AgentMetrics.Builder builder = AgentMetrics.builder().agentName("Fraud scorer").healthScore(1);

        assertThatIllegalStateException().isThrownBy(builder::build)
                .withMessage("AgentMetrics.agentId (agent_id) is required and was not set");
    }

    @Test
    void shouldRefuseNullForMandatoryValuesNamingThem() {
        assertThatNullPointerException().isThrownBy(() -> AgentMetrics.builder().agentId(null))
                .withMessage("agentId must not be null");
        assertThatNullPointerException().isThrownBy(() -> AgentMetrics.builder().agentName(null))
                .withMessage("agentName must not be null");
        assertThatNullPointerException().isThrownBy(() -> AgentMetrics.builder().timestamp(null))
                .withMessage("timestamp must not be null");
    }
}
