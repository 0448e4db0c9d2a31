package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.metricsstreamer.testing.LogCapture;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fuzzing tier of the HTTP side, over raw sockets on both ports: handshakes with a header missing, garbled or
 * doubled (Upgrade, Connection, Sec-WebSocket-Key, Sec-WebSocket-Version, Host), other methods, versions and paths,
 * huge or many headers, bare LF line ends, non-HTTP bytes, requests cut short; and {@code POST /api/metrics} with
 * fuzzed bodies. Each gets one HTTP answer with a status that says what was wrong (a JSON error where it has a body),
 * or a 101 and a working WebSocket when what was changed does not matter; a request cut short is answered 408 or
 * closed at the deadline. No exception reaches the log, and a good client is served after every try.
 */
class FuzzHandshakeSocketTest {
    private static final Set<Integer> REFUSALS = Set.of(400, 404, 405, 408, 413, 414, 426, 429, 431, 501, 503, 505);
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ");
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\r?$");
    private static TestServer server;
    private static LogCapture log;

    @BeforeContainer
    static void start() {
        server = TestServer.start(b -> b.handshakeTimeoutSeconds(1));
        log = LogCapture.withNetty();
    }

    @AfterContainer
    static void stop() {
        log.close();
        server.close();
    }

    /** One answer: its status (0: none, the connection closed first), head and body. */
    record Answer(int status, String head, String body) {
    }

    /** A handshake's lines (request line first), before they are joined. */
    private static List<String> handshake(String path) {
        return new ArrayList<>(List.of("GET " + path + " HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"));
    }

    /** A change to a handshake, named for the report, and the status it must get (0: any clear refusal). */
    record Mutation(String name, Function<List<String>, byte[]> apply, int expect) {
        Mutation(String name, Function<List<String>, byte[]> apply) {
            this(name, apply, 0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] crlf(List<String> lines) {
        return (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Mutation onLines(String name, Consumer<List<String>> change) {
        return onLines(name, change, 0);
    }

    private static Mutation onLines(String name, Consumer<List<String>> change, int expect) {
        return new Mutation(name, lines -> {
            change.accept(lines);
            return crlf(lines);
        }, expect);
    }

    @Property(tries = 300)
    void aMalformedHandshakeGetsAClearAnswerAndTheServerServesOthers(@ForAll("mutations") Mutation mutation,
            @ForAll boolean onHttpPort) throws IOException {
        int port = onHttpPort ? server.streamer().getHttpPort() : server.streamer().getPort();
        byte[] request = mutation.apply().apply(handshake(onHttpPort ? "/ws" : "/"));
        Answer answer = exchange(port, request);

        if (answer.status() == 200) {
            // Another path of the HTTP port (a page, the API) serves its resource, whatever the Upgrade header.
            assertThat(onHttpPort && mutation.name().startsWith("path")).as("200 to %s", mutation).isTrue();
        } else if (answer.status() == 101) {
            assertThat(answer.head()).containsIgnoringCase("upgrade: websocket");
        } else if (answer.status() == 0) {
            assertThat(mutation.name()).as("closed without an answer").startsWith("cut");
        } else {
            assertThat(answer.status()).as("the answer to %s: %s", mutation, answer.head()).isIn(REFUSALS);
            if (mutation.expect() != 0) {
                assertThat(answer.status()).as("the answer to %s", mutation).isEqualTo(mutation.expect());
            }
            if (!answer.body().isEmpty()) {
                assertThat(TestServer.parse(answer.body()).path("error").asText()).as("its error").isNotBlank();
            }
        }
        assertAGoodClientIsServed();
        assertTheLogIsQuiet();
    }

    @Example
    void aKeyThatIsNotSixteenBytesInBase64IsRefused400NamingTheRuleOnEitherPort() throws IOException {
        for (int port : new int[] {server.streamer().getPort(), server.streamer().getHttpPort()}) {
            String path = port == server.streamer().getPort() ? "/" : "/ws";
            for (String key : List.of("", "abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE=",
                    "dGhlIHNhbXBsZSBub25jZ!==", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
                List<String> lines = handshake(path);
                lines.replaceAll(l -> l.startsWith("Sec-WebSocket-Key:") ? "Sec-WebSocket-Key: " + key : l);

                Answer answer = exchange(port, crlf(lines));

                assertThat(answer.status()).as("key '%s' on port %d", key, port).isEqualTo(400);
                assertThat(TestServer.parse(answer.body()).path("error").asText()).isEqualTo("not a WebSocket "
                        + "handshake: Sec-WebSocket-Key must be 16 bytes in base64 (24 characters; RFC 6455, 4.1)");
            }
            assertThat(exchange(port, crlf(handshake(path))).status()).as("the RFC's own key").isEqualTo(101);
        }
        assertAGoodClientIsServed();
        assertTheLogIsQuiet();
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<String> header = Arbitraries.of("Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                "Host");
        Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40),
                Arbitraries.of("", "websockeet", "web socket", "h2c", "Upgrade, keep-alive", "13, 8", "8", "14", "abc",
                        "AAAA", "dGhlIHNhbXBsZSBub25jZQ", "====", "-1", "\u00e9\u00e9"));
        List<Arbitrary<Mutation>> all = new ArrayList<>();
        all.add(header.map(h -> onLines("without " + h, l -> l.removeIf(x -> x.startsWith(h + ":")))));
        all.add(Combinators.combine(header, junk).as((h, v) -> onLines(h + ": " + v, l -> l.replaceAll(
                x -> x.startsWith(h + ":") ? h + ": " + v : x), h.equals("Sec-WebSocket-Key") ? 400 : 0)));
        all.add(Combinators.combine(header, junk).as((h, v) -> onLines("a second " + h + ": " + v,
                l -> l.add(h + ": " + v))));
        all.add(Arbitraries.of("POST", "PUT", "HEAD", "DELETE", "OPTIONS", "CONNECT", "TRACE", "G ET", "get", "XYZ",
                "\u0000").map(m -> onLines("method " + m, l -> l.set(0, l.get(0).replaceFirst("GET", m)))));
        all.add(Arbitraries.of("HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1", "HTTPS/1.1", "", "HTTP/1.1 x")
                .map(v -> onLines("version " + v, l -> l.set(0, l.get(0).replace("HTTP/1.1", v)))));
        all.add(Arbitraries.of("/x", "*", "http://127.0.0.1/", "//", "/%zz", "/?metric_types=nope", "/?since_seq=x",
                "/ws/", "/ws?token=%", "/?" + "a=b&".repeat(2000), "/" + "a".repeat(5000))
                .map(p -> onLines("path " + (p.length() > 30 ? p.substring(0, 30) + "..." : p),
                        l -> l.set(0, l.get(0).replaceFirst(" /(ws)? ", " " + p + " ")),
                        p.length() > 4096 ? 414 : 0)));
        // Past the codec's 8,192 bytes of headers: 431 (the handshake's own headers take about 150 of them).
        all.add(Arbitraries.integers().between(1, 200_000).map(n -> onLines("a header of " + n + " bytes",
                l -> l.add("X-Big: " + "x".repeat(n)), n > 8192 ? 431 : 0)));
        all.add(Arbitraries.integers().between(50, 3000).map(n -> onLines(n + " headers", l -> {
            for (int i = 0; i < n; i++) {
                l.add("X-H" + i + ": v");
            }
        }, n > 1000 ? 431 : 0))); // 1,000 of them take over 10 kB
        all.add(Arbitraries.of("X Y: z", ": empty name", "NoColon", "X-\u0001: c", " folded: line", "X:\u0000")
                .map(h -> onLines("header line " + h, l -> l.add(h))));
        all.add(Arbitraries.just(new Mutation("bare LF line ends", l -> (String.join("\n", l) + "\n\n")
                .getBytes(StandardCharsets.ISO_8859_1))));
        all.add(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300)
                .map(b -> new Mutation("random bytes " + b.length, l -> withEnd(b))));
        all.add(Arbitraries.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\u0016\u0003\u0001\u0000\u00a5\u0001",
                "SSH-2.0-OpenSSH_9.0\r\n", "GET /\r\n\r\n", "\r\n\r\n")
                .map(t -> new Mutation("not HTTP/1.1: " + t.substring(0, Math.min(8, t.length())),
                        l -> t.getBytes(StandardCharsets.ISO_8859_1))));
        all.add(Arbitraries.integers().between(0, 150).map(n -> new Mutation("cut after " + n + " bytes", l -> {
            byte[] whole = crlf(l);
            return java.util.Arrays.copyOf(whole, Math.min(n, whole.length - 2));
        })));
        return Arbitraries.oneOf(all);
    }

    /** Random bytes ending as a request head ends, so that the server has a whole (bad) request to answer. */
    private static byte[] withEnd(byte[] random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(random);
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Property(tries = 200)
    void aFuzzedIngestBodyIsAnsweredAndNothingEscapes(@ForAll("ingestBodies") String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(bytes);
        Answer answer = exchange(server.streamer().getHttpPort(), request.toByteArray());

        assertThat(answer.status()).as("the answer to %s", body).isIn(202, 400);
        assertThat(TestServer.parse(answer.body()).has(answer.status() == 202 ? "accepted" : "error")).isTrue();
        assertAGoodClientIsServed();
        assertTheLogIsQuiet();
    }

    @Provide
    Arbitrary<String> ingestBodies() {
        Arbitrary<String> timestamps = Arbitraries.of("\"+999999999-12-31T23:59:59.999999999Z\"",
                "\"-999999999-01-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"",
                "\"2024-01-01T00:00:00+18:00\"", "\"2024-01-01T00:00:00-18:00\"", "null", "1e999", "\"\"");
        Arbitrary<String> data = io.metricsstreamer.testing.FuzzJson.values(2);
        return Combinators.combine(Arbitraries.of("system", "agent", "hero", "nope", "SYSTEM"), timestamps, data)
                .as((type, ts, d) -> "{\"metric_type\":\"" + type + "\",\"timestamp\":" + ts + ",\"data\":" + d + "}");
    }

    /** Sends {@code request} on a new connection and reads one answer, or the end of the connection. */
    private static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // The server answered and closed before taking it all (a head over its limit): read the answer.
            }
            return read(s.getInputStream(), new String(request, 0, Math.min(5, request.length),
                    StandardCharsets.ISO_8859_1).startsWith("HEAD "));
        }
    }

    /** Reads one answer: its head, and its body unless it answers a HEAD request (which has none). */
    private static Answer read(InputStream in, boolean toHead) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    assertThat(head.size()).as("a partial answer: %s", head).isZero();
                    return new Answer(0, "", "");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and still open after 10 s; received: " + head, e);
        } catch (SocketException e) {
            assertThat(head.size()).as("a partial answer before a reset: %s", head).isZero();
            return new Answer(0, "", "");
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher status = STATUS.matcher(text);
        assertThat(status.find()).as("a status line in %s", text).isTrue();
        Matcher length = LENGTH.matcher(text);
        String body = length.find() && !toHead ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.UTF_8) : "";
        return new Answer(Integer.parseInt(status.group(1)), text.toLowerCase(Locale.ROOT), body);
    }

    private static void assertAGoodClientIsServed() {
        try (RawWsClient good = RawWsClient.connect(server.streamer().getPort())) {
            assertThat(good.status()).isEqualTo(101);
            assertThat(good.readFrame().text()).contains("\"welcome\"");
            good.sendText("{\"type\":\"ping\",\"id\":\"good\"}");
            String reply;
            do { // past the live metrics the fuzzed publishers sent
                RawWsClient.Frame f = good.readFrame();
                assertThat(f).as("the pong").isNotNull();
                reply = f.text();
            } while (reply.startsWith("{\"type\":\"metric_"));
            assertThat(reply).isEqualTo("{\"type\":\"pong\",\"id\":\"good\"}");
        }
    }

    private static void assertTheLogIsQuiet() {
        Function<ILoggingEvent, String> line = e -> e.getLevel() + " " + e.getLoggerName() + ": "
                + e.getFormattedMessage();
        assertThat(log.atLeast(Level.WARN)).as("warnings and errors").extracting(line).isEmpty();
        assertThat(log.withStackTraces()).as("stack traces").extracting(line).isEmpty();
    }
}
