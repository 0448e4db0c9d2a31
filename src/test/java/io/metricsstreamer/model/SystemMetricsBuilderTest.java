package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemMetricsBuilderTest {
    private static final Instant AT = Instant.parse("2024-01-01T12:00:00.123456Z");
    private static final List<String> CONTRACT_KEYS = List.of("timestamp", "throughput_tps", "requests_total",
            "requests_successful", "requests_failed", "avg_response_time_ms", "p50_response_time_ms",
            "p95_response_time_ms", "p99_response_time_ms", "max_response_time_ms", "error_rate", "timeout_rate",
            "cpu_utilization", "memory_utilization", "network_throughput_mbps");

    @Test
    void shouldEqualThePositionalRecordWhenEveryValueIsSet() {
        // Every value distinct, so a setter writing into its neighbour's component cannot go unnoticed.
        SystemMetrics built = SystemMetrics.builder()
                .timestamp(AT)
                .throughputTps(1.5)
                .requestsTotal(2)
                .requestsSuccessful(3)
                .requestsFailed(4)
                .avgResponseTimeMs(5.5)
                .p50ResponseTimeMs(6.5)
                .p95ResponseTimeMs(7.5)
                .p99ResponseTimeMs(8.5)
                .maxResponseTimeMs(9.5)
                .errorRate(10.5)
                .timeoutRate(11.5)
                .cpuUtilization(12.5)
                .memoryUtilization(13.5)
                .networkThroughputMbps(14.5)
                .queueDepth(15)
                .queueWaitMs(16.5)
                .build();
        SystemMetrics positional = new SystemMetrics(AT, 1.5, 2, 3, 4, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5,
                13.5, 14.5, 15L, 16.5);

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldTakeWholeNumbersAndLeaveEverythingElseAtZero() {
        SystemMetrics m = SystemMetrics.builder().throughputTps(1000).p99ResponseTimeMs(48).build();

        assertThat(m).isEqualTo(new SystemMetrics(m.timestamp(), 1000, 0, 0, 0, 0, 0, 0, 48, 0, 0, 0, 0, 0, 0, null,
                null));
    }

    @Test
    void shouldStampAnUnsetTimestampAtBuildTimeWithZerosAndNoQueueMetrics() {
        SystemMetrics.Builder builder = SystemMetrics.builder();

        Instant before = Instant.now();
        SystemMetrics m = builder.build();
        Instant after = Instant.now();

        assertThat(m.timestamp()).isBetween(before, after);
        assertThat(m).isEqualTo(new SystemMetrics(m.timestamp(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null,
                null));
    }

    @Test
    void shouldWriteExactlyTheContractKeysAndTheQueueMetricsOnlyWhenSet() {
        assertThat(keys(SystemMetrics.builder().build())).containsExactlyInAnyOrderElementsOf(CONTRACT_KEYS);

        List<String> withQueue = new ArrayList<>(CONTRACT_KEYS);
        withQueue.addAll(List.of("queue_depth", "queue_wait_ms"));
        assertThat(keys(SystemMetrics.builder().queueDepth(0).queueWaitMs(0).build()))
                .containsExactlyInAnyOrderElementsOf(withQueue);
    }

    @Test
    void shouldOmitAQueueMetricSetBackToNull() {
        Long unknownDepth = null;
        Double unknownWait = null;

        SystemMetrics m = SystemMetrics.builder().queueDepth(7).queueDepth(unknownDepth)
                .queueWaitMs(2.5).queueWaitMs(unknownWait).build();

        assertThat(m.queueDepth()).isNull();
        assertThat(m.queueWaitMs()).isNull();
        assertThat(keys(m)).containsExactlyInAnyOrderElementsOf(CONTRACT_KEYS);
    }

    @Test
    void shouldRefuseANullTimestampNamingIt() {
        assertThatNullPointerException().isThrownBy(() -> SystemMetrics.builder().timestamp(null))
                .withMessage("timestamp must not be null");
    }

    @Test
    void shouldLeaveARecordAlreadyBuiltAsItWas() {
        SystemMetrics.Builder builder = SystemMetrics.builder().timestamp(AT).throughputTps(12);

        SystemMetrics first = builder.build();
        SystemMetrics second = builder.throughputTps(13).build();

        assertThat(first.throughputTps()).isEqualTo(12);
        assertThat(second).isEqualTo(SystemMetrics.builder().timestamp(AT).throughputTps(13).build());
    }
}
