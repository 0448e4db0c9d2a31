package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.ingest.InfluxConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line protocol options of SPEC 13: defaults, command line and environment, and types the server lacks. */
class InfluxOptionsTest {
    private static StreamerConfig serveConfig(Map<String, String> env, String... args) {
        return ServeConfigs.of(env, args);
    }

    @Test
    void theDefaultsMapNothingReadTheAgentIdTagAndSummariseTheLoadTools() {
        assertThat(serveConfig(Map.of()).influx()).isEqualTo(InfluxConfig.DEFAULTS);
        assertThat(InfluxConfig.DEFAULTS.loadTools()).isTrue();
        assertThat(InfluxConfig.DEFAULTS.agentTag()).isEqualTo("agent_id");
    }

    @Test
    void theCommandLineAndTheEnvironmentSetThem() {
        InfluxConfig influx = serveConfig(Map.of("METRICS_STREAMER_INFLUX_AGENT_TAG", "host"),
                "--metric-type", "telegraf", "--metric-type", "probe", "--influx-map", "cpu=telegraf",
                "--influx-map", "http_response=probe,mem=telegraf", "--influx-default-type", "telegraf",
                "--influx-load-tools", "off").influx();
        assertThat(influx.map()).containsExactly(Map.entry("cpu", "telegraf"), Map.entry("http_response", "probe"),
                Map.entry("mem", "telegraf"));
        assertThat(influx.defaultType()).isEqualTo("telegraf");
        assertThat(influx.agentTag()).isEqualTo("host");
        assertThat(influx.loadTools()).isFalse();
    }

    @Test
    void aTypeTheServerLacksIsRefusedAtStartNamingTheOption() {
        assertThatThrownBy(() -> serveConfig(Map.of(), "--influx-map", "cpu=telegraf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--influx-map cpu=telegraf: no metric type 'telegraf'; the server has [system, agent, "
                        + "business, hero, presentation] (register more with --metric-type NAME)");
        assertThatThrownBy(() -> serveConfig(Map.of(), "--influx-default-type", "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--influx-default-type nope:");
        assertThatThrownBy(() -> serveConfig(Map.of(), "--influx-agent-tag", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--influx-agent-tag must not be empty");
    }
}
