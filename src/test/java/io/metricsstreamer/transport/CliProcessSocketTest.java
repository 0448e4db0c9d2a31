package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.cli.Main;
import io.metricsstreamer.cli.ServerOptions;
import io.metricsstreamer.testing.ServeProcess;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code serve} command line (SPEC §2): a real JVM on ephemeral ports, and option parsing in process. */
@Timeout(60)
class CliProcessSocketTest {
    private static final long EXIT_SECONDS = 15;

    @TempDir
    Path tmp;

    private final List<ServeProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(ServeProcess::kill);
    }

    @Test
    void aServeProcessPrintsItsEphemeralPortsAndStopsCleanlyOnSigterm() throws Exception {
        ServeProcess serve = startServe();

        try (WsTestClient direct = WsTestClient.connect(URI.create("ws://127.0.0.1:" + serve.wsPort() + "/"));
             WsTestClient viaHttp = WsTestClient.connect(URI.create("ws://127.0.0.1:" + serve.httpPort() + "/ws"))) {
            JsonNode stats = TestServer.parse(TestServer.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + serve.httpPort() + "/api/statistics")).build()).body());
            assertThat(stats.path("port").asInt()).isEqualTo(serve.wsPort());
            assertThat(stats.path("connected_clients").asInt()).isEqualTo(2);
            assertThat(stats.path("batch_size").asInt()).as("default --batch-size").isEqualTo(10);

            serve.terminate();

            assertThat(direct.awaitCloseCode()).as("close code; stderr:%n%s", serve.stderr()).isEqualTo(1001);
            assertThat(viaHttp.awaitCloseCode()).as("close code on /ws").isEqualTo(1001);
            assertExitsWithZero(serve);
        }
    }

    @Test
    void aServeProcessTakesItsOptionsFromTheEnvironmentAndAConfigFile() throws Exception {
        Path config = tmp.resolve("metrics-streamer.properties");
        Files.writeString(config, "# a comment\nbatch-size = 30\nbatch-timeout = 0.2\n");

        ServeProcess serve = startServe(Map.of("METRICS_STREAMER_BATCH_SIZE", "20"), "--config", config.toString());

        JsonNode stats = TestServer.parse(TestServer.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + serve.httpPort() + "/api/statistics")).build()).body());
        assertThat(stats.path("batch_size").asInt()).as("the environment over the file").isEqualTo(20);
        assertThat(stats.path("batch_timeout_seconds").asDouble()).as("the file over the default").isEqualTo(0.2);
        serve.terminate();
        assertExitsWithZero(serve);
    }

    @Test
    void logLinesCarryAnIsoDateWithOffsetOrAreJsonObjectsWithLogFormatJson() throws Exception {
        ServeProcess text = startServe();
        text.terminate();
        assertExitsWithZero(text);
        assertThat(Files.readAllLines(text.stderrFile())).filteredOn(l -> l.contains("metrics-streamer running"))
                .singleElement().satisfies(l -> assertThat(l)
                        .matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO .*"));

        ServeProcess json = startServe(Map.of("METRICS_STREAMER_LOG_FORMAT", "json"));
        json.terminate();
        assertExitsWithZero(json);
        List<String> lines = Files.readAllLines(json.stderrFile());
        assertThat(lines).isNotEmpty().allSatisfy(l -> {
            JsonNode event = TestServer.parse(l);
            assertThat(event.path("level").asText()).isNotEmpty();
            assertThat(event.path("timestamp").asLong()).isPositive();
        });
        assertThat(lines).anySatisfy(l -> assertThat(TestServer.parse(l).path("formattedMessage").asText())
                .startsWith("metrics-streamer running: websocket port " + json.wsPort()));
    }

    @Test
    void aServeProcessStopsCleanlyOnSigint() throws Exception {
        ServeProcess serve = startServe();

        try (WsTestClient client = WsTestClient.connect(URI.create("ws://127.0.0.1:" + serve.wsPort() + "/"))) {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(serve.pid())).start();
            assertThat(kill.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).as("kill -INT").isZero();

            assertThat(client.awaitCloseCode()).as("close code; stderr:%n%s", serve.stderr()).isEqualTo(1001);
            assertExitsWithZero(serve);
        }
    }

    @Test
    void aBusyWebSocketPortExitsNonZeroNamingTheOptionAndThePort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();

            Run run = execute("serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--http-port", "0");

            assertThat(run.status()).isNotZero();
            assertThat(run.err()).contains("--port " + port + " (the WebSocket port) is already in use on 127.0.0.1")
                    .doesNotContain("--http-port");
            assertThat(run.out()).doesNotContain("listening");
        }
    }

    @Test
    void aBusyHttpPortExitsNonZeroNamingTheOptionAndThePort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();

            Run run = execute("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", Integer.toString(port));

            assertThat(run.status()).isNotZero();
            assertThat(run.err()).contains("--http-port " + port + " (the HTTP port) is already in use on 127.0.0.1");
            assertThat(run.out()).doesNotContain("listening");
        }
    }

    @Test
    void aHostThatDoesNotResolveExitsNonZeroNamingIt() {
        Run run = execute("serve", "--host", "nosuchhost.invalid", "--port", "0", "--http-port", "0");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--host nosuchhost.invalid cannot be resolved").doesNotContain("null");
    }

    /** Starts {@code serve} on ephemeral ports in a new JVM and reads its listening lines. */
    private ServeProcess startServe() {
        return startServe(Map.of());
    }

    /** Starts {@code serve} with {@code env} added to its environment. */
    private ServeProcess startServe(Map<String, String> env, String... args) {
        ServeProcess.Launch launch = ServeProcess.launch(tmp).args(args);
        env.forEach(launch::env);
        ServeProcess serve = launch.start();
        started.add(serve);
        assertThat(serve.wsPort()).isPositive().isNotEqualTo(serve.httpPort());
        return serve;
    }

    /** The process exits 0 within {@link #EXIT_SECONDS}, having written nothing but its own lines to stdout. */
    private static void assertExitsWithZero(ServeProcess serve) {
        assertThat(serve.awaitExit(EXIT_SECONDS)).as("exit status; stderr:%n%s", serve.stderr()).isZero();
        assertThat(serve.linesAfterListening()).as("stdout after the listening lines (logs go to stderr)")
                .allSatisfy(line -> assertThat(line).matches("listening .*|stopped"));
        assertThat(serve.stderr()).as("logs on stderr").contains("metrics-streamer");
    }

    @Test
    void aPortOutOfRangeExitsNonZeroNamingTheOption() {
        Run run = execute("serve", "--host", "127.0.0.1", "--port", "70000", "--http-port", "0");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--port").contains("70000");
    }

    @Test
    void aPortThatIsNoNumberExitsNonZeroNamingTheOption() {
        Run run = execute("serve", "--host", "127.0.0.1", "--port", "eighty", "--http-port", "0");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--port").contains("eighty");
    }

    @Test
    void aByteSizeThatIsNoSizeExitsNonZeroNamingTheOption() {
        Run run = execute("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0",
                "--slow-client-bytes", "lots");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--slow-client-bytes").contains("lots");
    }

    @Test
    void aMaxLagOfZeroExitsNonZeroNamingTheOption() {
        Run run = execute("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--max-lag", "0");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--max-lag").contains("0.01..3600");
    }

    @Test
    void aHandshakeTimeoutOfZeroExitsNonZeroNamingTheOptionAndStartsNothing() {
        Run run = execute("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0",
                "--handshake-timeout", "0");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--handshake-timeout must be more than 0").contains("was 0.0");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void aHandshakeTimeoutReachesTheConfigAndDefaultsToTenSeconds() {
        assertThat(serveOptions("--handshake-timeout", "2.5").toConfig().handshakeTimeoutSeconds()).isEqualTo(2.5);
        assertThat(serveOptions().toConfig().handshakeTimeoutSeconds()).isEqualTo(10.0);
        assertThatThrownBy(() -> StreamerConfig.builder().handshakeTimeoutSeconds(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--handshake-timeout");
    }

    /** The options {@code serve args} parses to. */
    private static ServerOptions serveOptions(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult serve = Main.commandLine().parseArgs(all).subcommand();
        return (ServerOptions) serve.commandSpec().mixins().get("options").userObject();
    }

    @Test
    void serveHelpListsEveryOptionOfTheContractWithItsDefault() {
        Run run = execute("serve", "--help");

        assertThat(run.status()).isZero();
        for (String option : List.of("--host", "--port", "--http-port", "--batch-size", "--batch-timeout",
                "--heartbeat", "--max-clients", "--max-frame-bytes", "--max-pending", "--max-pending-bytes",
                "--slow-client-bytes",
                "--slow-client-seconds", "--metric-type", "--queue-capacity", "--max-lag", "--handshake-timeout",
                "--max-client-messages-per-second", "--max-connections-per-address")) {
            assertThat(run.out()).as("help of serve").containsPattern("(?m)^\\s+" + Pattern.quote(option) + "[= ]");
        }
        String flowed = run.out().replaceAll("\\s+", " ");
        for (String shown : List.of("default: 0.0.0.0", "default: 8765", "default: 5000", "default: 10)",
                "default: 0.5", "default: 30", "default: 10000", "default: 65536", "default: 1048576",
                "default: 16777216")) {
            assertThat(flowed).as("defaults in help of serve").contains(shown);
        }
    }

    @Test
    void slowClientBytesAcceptsBinaryUnits() {
        assertThat(slowClientBytes("2MiB")).isEqualTo(2L * 1024 * 1024);
        assertThat(slowClientBytes("512KiB")).isEqualTo(512L * 1024);
        assertThat(slowClientBytes("1048576")).isEqualTo(1024L * 1024);
    }

    /** Parses {@code serve --slow-client-bytes value} and returns what the server would be configured with. */
    private static long slowClientBytes(String value) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("serve", "--slow-client-bytes", value);
        CommandLine.ParseResult serve = parsed.subcommand();
        assertThat(serve.<Long>matchedOptionValue("--slow-client-bytes", 0L)).isPositive();
        ServerOptions options = (ServerOptions) serve.commandSpec().mixins().get("options").userObject();
        long configured = options.toConfig().slowClientBytes();
        assertThat(configured).isEqualTo(serve.<Long>matchedOptionValue("--slow-client-bytes", 0L));
        return configured;
    }

    private static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** One in-process run of the command line. */
    private record Run(int status, String out, String err) {
    }
}
