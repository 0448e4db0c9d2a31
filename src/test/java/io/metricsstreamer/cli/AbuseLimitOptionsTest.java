package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.StreamerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The options of SPEC §10's abuse limits: their defaults, the command line and the environment reach the config,
 * and a value out of range names the option.
 */
class AbuseLimitOptionsTest {
    private static StreamerConfig serveConfig(Map<String, String> env, String... args) {
        return ServeConfigs.of(env, args);
    }

    @Test
    void theDefaultsAreThoseOfTheContract() {
        StreamerConfig config = serveConfig(Map.of());
        assertThat(config.maxClientMessagesPerSecond()).isEqualTo(50);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(1000);
        assertThat(config.handshakeTimeoutSeconds()).isEqualTo(10.0);
        assertThat(StreamerConfig.builder().build()).isEqualTo(config);
    }

    @Test
    void theCommandLineAndTheEnvironmentSetThem() {
        StreamerConfig config = serveConfig(Map.of("METRICS_STREAMER_MAX_CONNECTIONS_PER_ADDRESS", "20000"),
                "--max-client-messages-per-second", "200");
        assertThat(config.maxClientMessagesPerSecond()).isEqualTo(200);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(20_000);
    }

    @ParameterizedTest
    @CsvSource({"--max-client-messages-per-second, 0", "--max-client-messages-per-second, 1000001",
        "--max-connections-per-address, 0", "--max-connections-per-address, -5"})
    void aValueOutOfRangeNamesTheOption(String option, String value) {
        assertThatThrownBy(() -> serveConfig(Map.of(), option, value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(option)
                .hasMessageContaining("was " + value);
    }
}
