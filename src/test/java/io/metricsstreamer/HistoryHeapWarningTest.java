package io.metricsstreamer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.metricsstreamer.testing.LogCapture;
import org.junit.jupiter.api.Test;

/** The start warns when the heap could not hold the history's byte bound beside the server's own live set. */
class HistoryHeapWarningTest {
    private static final long MIB = 1L << 20;

    private static String warningFor(StreamerConfig config, long maxHeap) {
        try (LogCapture logs = LogCapture.start()) {
            new RealTimeMetricsStreamer(config).warnIfTheHeapCannotHoldTheHistory(maxHeap);
            return logs.atLeast(Level.WARN).stream().map(e -> e.getFormattedMessage()).findFirst().orElse(null);
        }
    }

    @Test
    void warnsNamingTheOptionAndTheWayOutWhenTheHistoryIsOverHalfTheHeap() {
        String warning = warningFor(StreamerConfig.builder().historyBytes(64 * MIB).build(), 96 * MIB);

        assertThat(warning).contains("--history-bytes 64 MiB", "heap (96 MiB)", "JAVA_OPTS=-Xmx");
    }

    @Test
    void saysNothingWhenTheHeapHoldsItOrHistoryIsOff() {
        assertThat(warningFor(StreamerConfig.builder().build(), 192 * MIB)).isNull();
        assertThat(warningFor(StreamerConfig.builder().historySize(0).historyBytes(1L << 30).build(), 96 * MIB))
                .isNull();
    }
}
