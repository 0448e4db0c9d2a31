package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.metricsstreamer.testing.LeakWatch;
import io.metricsstreamer.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile HTTP clients on raw sockets, on both ports (the WebSocket port parses HTTP for its handshake): every bad
 * request is answered clearly, logs no stack trace, and leaves no buffer behind (Netty's leak detector at paranoid
 * level, judged after forced collections).
 */
@Timeout(120)
class HostileHttpSocketTest {
    private static final int BIG_BODY = 900 * 1024;
    private static final String UTF16_BODY = "{\"metric_type\": \"system\", \"data\": {\"cpu\": 0.5}}";

    private TestServer server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.metricsstreamer");

    @BeforeEach
    void start() {
        server = TestServer.start();
        logs.start();
        ours.addAppender(logs);
    }

    @AfterEach
    void stop() {
        ours.detachAppender(logs);
        server.close();
    }

    /** One answer read off a raw socket; header names in lower case. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMalformedPercentEscapeIsRefused400WithItsBodyReleasedOnEitherPort(boolean httpPort) throws Exception {
        int port = httpPort ? server.streamer().getHttpPort() : server.streamer().getPort();
        try (LeakWatch watch = LeakWatch.start(); Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            byte[] body = new byte[BIG_BODY];
            Arrays.fill(body, (byte) 'x');
            for (String target : List.of("/%zz", "/ws%", "/api/metrics%2")) {
                Answer answer = exchange(socket, "POST " + target, body);

                assertThat(answer.status()).as("answer to %s", target).isEqualTo(400);
                assertThat(TestServer.parse(answer.body()).path("error").asText()).contains("percent-escape");
            }
            // The connection is still usable: keep-alive was honoured.
            assertThat(exchange(socket, "GET /healthz", new byte[0]).status()).isEqualTo(httpPort ? 200 : 404);
            assertThat(watch.leaks()).isEmpty();
        }
        assertThat(logs.list).as("no warning, no stack trace")
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null).isEmpty();
        assertThat(server.statistics().path("total_metrics_published").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRequestThatDoesNotParseIsRefused400OnEitherPort(boolean httpPort) throws Exception {
        int port = httpPort ? server.streamer().getHttpPort() : server.streamer().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: many\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(line(in)).startsWith("HTTP/1.1 400");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPlainRequestOnTheWebSocketEndpointIs426NamingTheUpgradeOnEitherPort(boolean httpPort) throws Exception {
        int port = httpPort ? server.streamer().getHttpPort() : server.streamer().getPort();
        String endpoint = httpPort ? "/ws" : "/";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            for (String target : List.of("GET " + endpoint, "GET " + endpoint + "?x=1", "POST " + endpoint)) {
                Answer answer = exchange(socket, target, new byte[0]);

                assertThat(answer.status()).as("answer to %s", target).isEqualTo(426);
                assertThat(answer.headers()).as("headers of the answer to %s", target)
                        .containsEntry("upgrade", "websocket").containsEntry("connection", "Upgrade")
                        .containsEntry("content-type", "application/json; charset=utf-8");
                assertThat(TestServer.parse(answer.body()).path("error").asText()).isEqualTo(
                        "this is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)");
            }
            // The connection is still usable, and other paths answer as before.
            assertThat(exchange(socket, "GET /healthz", new byte[0]).status()).isEqualTo(httpPort ? 200 : 404);
        }
        assertThat(server.statistics().path("connected_clients").asInt()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/js", "/css", "/js/lib", "/vendor/uplot", "/js/", "/nothing-here.js"})
    void aDirectoryOrMissingFileIs404(String path) {
        var res = server.get(path);

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(TestServer.parse(res.body()).path("error").asText()).contains("no such resource");
    }

    @Test
    void filesAreStillServed() {
        assertThat(server.get("/").statusCode()).isEqualTo(200);
        assertThat(server.get("/js/lib/format.js").body()).isNotEmpty();
        assertThat(server.get("/vendor/uplot/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(server.get("/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
        assertThat(server.get("/css/theme.css").headers().firstValue("content-type"))
                .hasValue("text/css; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE"})
    void ingestRefusesJsonThatIsNotUtf8NamingItsEncoding(String encoding) throws Exception {
        Charset charset = Charset.forName(encoding);
        try (Socket socket = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            socket.setSoTimeout(20_000);
            byte[] body = UTF16_BODY.getBytes(charset);
            if (encoding.startsWith("UTF-32BE")) {
                body = withPrefix(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, body);
            }
            Answer answer = exchange(socket, "POST /api/metrics", body);

            assertThat(answer.status()).isEqualTo(400);
            String named = encoding.equals("UTF-16") ? "UTF-16BE" : encoding;
            assertThat(TestServer.parse(answer.body()).path("error").asText()).contains(named).contains("UTF-8");
        }
        assertThat(server.statistics().path("total_metrics_published").asLong()).isZero();
    }

    @Test
    void ingestRefusesAUtf8ByteOrderMarkAsTheWebSocketDoes() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            socket.setSoTimeout(20_000);
            byte[] body = withPrefix(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                    UTF16_BODY.getBytes(StandardCharsets.UTF_8));

            Answer answer = exchange(socket, "POST /api/metrics", body);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(TestServer.parse(answer.body()).path("error").asText()).contains("byte order mark");
        }
        assertThat(server.statistics().path("total_metrics_published").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBodyOverOneMebibyteSentWithExpect100ContinueGetsTheJson413OnEitherPort(boolean httpPort) throws Exception {
        int port = httpPort ? server.streamer().getHttpPort() : server.streamer().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            // As curl sends a large body: the head alone, then it waits for 100 Continue or a final answer.
            socket.getOutputStream().write(("POST /api/metrics HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024)
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            Answer answer = read(socket.getInputStream(), "POST with Expect: 100-continue");

            assertThat(answer.status()).isEqualTo(413);
            assertThat(TestServer.parse(answer.body()).path("error").asText())
                    .isEqualTo("body is over 1048576 bytes (1 MiB): split it into several requests");
        }
        assertThat(server.statistics().path("total_metrics_published").asLong()).isZero();
    }

    @Test
    void aBodyWithinTheLimitSentWithExpect100ContinueIsAskedForThenAccepted() throws Exception {
        byte[] body = "{\"metric_type\": \"system\", \"data\": {\"cpu\": 0.5}}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/metrics HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();

            assertThat(read(in, "the head with Expect: 100-continue").status()).isEqualTo(100);
            out.write(body);
            assertThat(read(in, "the body").status()).isEqualTo(202);
        }
    }

    private static byte[] withPrefix(byte[] prefix, byte[] rest) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, out, prefix.length, rest.length);
        return out;
    }

    /** Sends {@code requestLine} (method and target) with {@code body} on a keep-alive connection; reads the answer. */
    private static Answer exchange(Socket socket, String requestLine, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return read(socket.getInputStream(), requestLine);
    }

    /** Reads one answer (status line, headers, a Content-Length body) to what {@code sent} describes. */
    private static Answer read(InputStream in, String sent) throws IOException {
        String status = line(in);
        assertThat(status).as("status line after %s", sent).startsWith("HTTP/1.1 ");
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            headers.put(header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT),
                    header.substring(header.indexOf(':') + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Answer(Integer.parseInt(status.substring(9, 12)), headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** One CRLF-terminated line, or "" at the end of the stream (then the status assertion fails). */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
