package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.recording.RecordedMetric;
import io.metricsstreamer.testing.Recordings;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --record} (every command with the server options) and {@code serve --play --speed}: where their values come
 * from, every way they can be wrong (refused before anything listens, naming the option and the file), and
 * {@code demo --record} as a user runs it.
 */
@Timeout(120)
class RecordingOptionsTest {
    private static final String[] EPHEMERAL = {"--host", "127.0.0.1", "--port", "0", "--http-port", "0"};

    @TempDir
    Path tmp;

    @Test
    void recordComesFromTheCommandLineTheEnvironmentOrAFileAndIsOffByDefault() throws IOException {
        assertThat(ServeConfigs.of(Map.of()).record()).isNull();
        assertThat(ServeConfigs.of(Map.of(), "--record", "run.ndjson.gz").record()).isEqualTo(Path.of("run.ndjson.gz"));
        assertThat(ServeConfigs.of(Map.of("METRICS_STREAMER_RECORD", "/var/tmp/r.gz")).record())
                .isEqualTo(Path.of("/var/tmp/r.gz"));
        Path file = Files.writeString(tmp.resolve("ms.properties"), "record = /data/run.ndjson.gz\n");
        assertThat(ServeConfigs.of(Map.of(), "--config", file.toString()).record())
                .isEqualTo(Path.of("/data/run.ndjson.gz"));
    }

    @Test
    void aSpeedThatIsNotMoreThanZeroIsRefused() {
        for (String speed : List.of("0", "-1", "NaN", "Infinity")) {
            Result run = run("--speed", speed);
            assertThat(run.status()).as("--speed %s; stderr: %s", speed, run.err()).isEqualTo(2);
            assertThat(run.err()).contains("--speed must be a number more than 0", "was " + Double.valueOf(speed));
        }
        assertThat(run("--speed", "fast").err()).contains("--speed", "fast");
    }

    @Test
    void aFileToPlayThatIsMissingOrNotARecordingIsRefusedNamingIt() throws IOException {
        Path missing = tmp.resolve("missing.ndjson.gz");
        Result run = run("--play", missing.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --play: the recording " + missing + " does not exist");

        Path garbage = Files.writeString(tmp.resolve("garbage.gz"), "this is no gzip file\n");
        run = run("--play", garbage.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --play: the recording " + garbage + " is not a gzip file");
    }

    @Test
    void recordingIntoTheFileBeingPlayedIsRefused() {
        Path file = Recordings.write(tmp.resolve("same.ndjson.gz"), new long[] {0},
                "{\"metric_type\":\"hero\",\"data\":{\"n\":1}}");
        Result run = run("--play", file.toString(), "--record", tmp.resolve(".").resolve("same.ndjson.gz").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--record and --play name the same file");
    }

    @Test
    void aRecordingFileThatCannotBeCreatedIsRefusedBeforeAnythingListens() {
        Path file = tmp.resolve("no-such-dir").resolve("run.ndjson.gz");
        Result run = run("--record", file.toString());
        assertThat(run.status()).as("stderr: %s", run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --record " + file + ": cannot open the recording file " + file);
    }

    @Test
    void demoRecordsEveryMetricItPublishesAndClosesTheFileWhenItEnds() throws Exception {
        Path file = tmp.resolve("demo.ndjson.gz");
        File err = tmp.resolve("demo.err").toFile();
        Process demo = new ProcessBuilder(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--duration", "3", "--seed", "3",
                "--rate-multiplier", "4", "--record", file.toString()))
                .redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitValue()).as("exit status; stderr:\n%s", Files.readString(err.toPath())).isZero();

        List<RecordedMetric> recorded = Recordings.read(file);
        assertThat(Recordings.truncated(file)).isFalse();
        Set<String> types = recorded.stream().map(m -> m.envelope().type().name()).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder("system", "agent", "business", "hero", "presentation");
        assertThat(recorded.size()).isGreaterThan(20);
        for (int i = 1; i < recorded.size(); i++) {
            assertThat(recorded.get(i).offsetMs()).isGreaterThanOrEqualTo(recorded.get(i - 1).offsetMs());
        }
        assertThat(Files.readString(err.toPath())).contains("recording to " + file + " closed: " + recorded.size()
                + " metrics recorded, 0 lost");
    }

    /** Runs {@code serve} on ephemeral ports with {@code args} (only for runs that cannot start: it would block). */
    private static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(EPHEMERAL));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(Map.of(), all.toArray(new String[0]), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(status, err.toString());
    }

    private record Result(int status, String err) {
    }
}
