package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.testing.Tokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options from the environment and a properties file (SPEC section 2): the command line over the environment over
 * the file over the defaults; an unknown variable or key, or a bad value, names itself and nothing starts.
 */
class ConfigSourcesTest {
    @TempDir
    Path tmp;

    @Test
    void anEnvironmentVariableSetsTheOptionItNames() {
        StreamerConfig config = serveConfig(Map.of("METRICS_STREAMER_BATCH_SIZE", "20",
                "METRICS_STREAMER_SLOW_CLIENT_BYTES", "2MiB", "METRICS_STREAMER_METRIC_TYPE", "latency,errors"));

        assertThat(config.batchSize()).isEqualTo(20);
        assertThat(config.slowClientBytes()).isEqualTo(2L << 20);
        assertThat(config.extraMetricTypes()).containsExactly("latency", "errors");
        assertThat(config.heartbeatSeconds()).as("the others keep their defaults").isEqualTo(30.0);
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefaults() throws IOException {
        Path file = file("batch-size = 30\nbatch-timeout=0.25\nheartbeat = 12\n");

        StreamerConfig config = serveConfig(Map.of("METRICS_STREAMER_BATCH_SIZE", "20",
                "METRICS_STREAMER_BATCH_TIMEOUT", "0.75"), "--config", file.toString(), "--batch-timeout", "1.5");

        assertThat(config.batchSize()).as("environment over file").isEqualTo(20);
        assertThat(config.batchTimeoutSeconds()).as("command line over environment").isEqualTo(1.5);
        assertThat(config.heartbeatSeconds()).as("file over default").isEqualTo(12.0);
        assertThat(config.maxClients()).as("default").isEqualTo(StreamerConfig.DEFAULT_MAX_CLIENTS);
    }

    @Test
    void theFileMayBeNamedByTheEnvironmentOrWithAnEqualsSign() throws IOException {
        Path file = file("max-pending = 77\n");

        assertThat(serveConfig(Map.of("METRICS_STREAMER_CONFIG", file.toString())).maxPending()).isEqualTo(77);
        assertThat(serveConfig(Map.of(), "--config=" + file).maxPending()).isEqualTo(77);
    }

    @Test
    void anUnknownVariableIsAnErrorNamingItAndNothingStarts() {
        Result r = run(Map.of("METRICS_STREAMER_BATCH_SISE", "20"), "serve", "--port", "0", "--http-port", "0");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown environment variable METRICS_STREAMER_BATCH_SISE")
                .contains("--batch-sise");
    }

    @Test
    void anUnknownFileKeyIsAnErrorNamingItAndTheFile() throws IOException {
        Path file = file("batch-size = 5\nbatchsize = 5\n");

        Result r = run(Map.of(), "serve", "--config", file.toString(), "--port", "0", "--http-port", "0");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key 'batchsize' in " + file);
    }

    @Test
    void aValueThatDoesNotConvertNamesItsSource() throws IOException {
        Result fromEnv = run(Map.of("METRICS_STREAMER_BATCH_SIZE", "lots"), "serve", "--port", "0",
                "--http-port", "0");
        Path file = file("slow-client-bytes = huge\n");
        Result fromFile = run(Map.of(), "serve", "--config", file.toString(), "--port", "0", "--http-port", "0");

        assertThat(fromEnv.status()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("--batch-size").contains("lots")
                .contains("from environment variable METRICS_STREAMER_BATCH_SIZE");
        assertThat(fromFile.status()).isEqualTo(2);
        assertThat(fromFile.err()).contains("--slow-client-bytes").contains("huge")
                .contains("from 'slow-client-bytes' in " + file);
    }

    @Test
    void aValueTheServerRefusesNamesItsSourceAndNothingStarts() throws IOException {
        Path file = file("batch-size = 0\n");

        Result r = run(Map.of(), "serve", "--config", file.toString(), "--port", "0", "--http-port", "0");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--batch-size must be at least 1, was 0 (from 'batch-size' in " + file + ")");
        assertThat(r.out()).doesNotContain("listening");
    }

    @Test
    void anUnreadableFileIsAnError() {
        Result r = run(Map.of(), "serve", "--config", tmp.resolve("missing.properties").toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read the config file").contains("missing.properties");
    }

    @Test
    void variablesOfAnotherCommandAndTheLogLevelAreNotUnknown() {
        StreamerConfig config = serveConfig(Map.of("METRICS_STREAMER_PROFILE", "burst",
                "METRICS_STREAMER_WORKLOADS", "W1", "METRICS_STREAMER_LOG_LEVEL", "DEBUG", "PATH", "/bin"));

        assertThat(config.batchSize()).isEqualTo(StreamerConfig.DEFAULT_BATCH_SIZE);
    }

    @Test
    void theSecurityOptionsComeFromTheEnvironmentAndTheFileLikeAnyOther() throws IOException {
        Path file = file("auth-clock-skew = 5\nallowed-origins = https://a.example, http://b.example:8080\n");
        StreamerConfig config = serveConfig(Map.of("METRICS_STREAMER_AUTH_JWT_SECRET", Tokens.SECRET),
                "--config", file.toString());

        assertThat(config.auth().jwtSecret()).isEqualTo(Tokens.SECRET);
        assertThat(config.auth().clockSkewSeconds()).isEqualTo(5);
        assertThat(config.auth().allowedOrigins()).containsExactly("https://a.example", "http://b.example:8080");
        Result shortSecret = run(Map.of("METRICS_STREAMER_AUTH_JWT_SECRET", "s3cr3t"), "serve", "--port", "0");
        assertThat(shortSecret.status()).isEqualTo(2);
        assertThat(shortSecret.err()).contains("--auth-jwt-secret must be at least 32 bytes")
                .contains("(from environment variable METRICS_STREAMER_AUTH_JWT_SECRET)").doesNotContain("s3cr3t");
    }

    @Test
    void compressionIsOnByDefaultAndSwitchedOffOrTunedFromAnySource() throws IOException {
        StreamerConfig defaults = serveConfig(Map.of());
        assertThat(defaults.compression()).isTrue();
        assertThat(defaults.compressionMinBytes()).isEqualTo(256);

        StreamerConfig off = serveConfig(Map.of(), "--compression", "OFF", "--compression-min-bytes", "1KiB");
        assertThat(off.compression()).isFalse();
        assertThat(off.compressionMinBytes()).isEqualTo(1024);
        assertThat(serveConfig(Map.of("METRICS_STREAMER_COMPRESSION", "off")).compression()).isFalse();
        assertThat(serveConfig(Map.of(), "--config", file("compression = off\n").toString()).compression())
                .isFalse();
    }

    @Test
    void aCompressionSwitchOtherThanOnOrOffNamesTheValidValues() {
        Result r = run(Map.of(), "serve", "--compression", "maybe", "--port", "0", "--http-port", "0");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--compression")
                .contains("'maybe' is not on or off (valid, in any case: on, off)");
        Result negative = run(Map.of(), "serve", "--compression-min-bytes", "-1", "--port", "0", "--http-port", "0");
        assertThat(negative.status()).isEqualTo(2);
        assertThat(negative.err()).contains("--compression-min-bytes must be at least 0, was -1");
    }

    @Test
    void theHelpOfEveryCommandListsConfig() {
        for (String command : List.of("serve", "demo", "bench")) {
            Result r = run(Map.of(), command, "--help");
            assertThat(r.out()).as(command).contains("--config=FILE");
        }
    }

    private StreamerConfig serveConfig(Map<String, String> env, String... args) {
        return ServeConfigs.of(env, args);
    }

    private Path file(String text) throws IOException {
        Path file = Files.createTempFile(tmp, "config", ".properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int status = Main.run(env, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    private record Result(int status, String out, String err) {
    }
}
