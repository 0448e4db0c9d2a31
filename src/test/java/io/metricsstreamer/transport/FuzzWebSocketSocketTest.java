package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.FrameBytes;
import io.metricsstreamer.testing.FuzzJson;
import io.metricsstreamer.testing.LogCapture;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fuzzing tier against a running server, over raw sockets: malformed WebSocket frames (bad opcodes, reserved
 * bits, unmasked frames, fragmented or oversized control frames, lengths not minimal, negative or beyond the body,
 * frames cut short then a disconnect, random bytes) and random messages in well-formed frames. Each frame defect is
 * answered with its close code, each refused message with an {@code error} that changed nothing (the client's state
 * in the statistics is the same, and a following ping is answered), no exception reaches the transport's log (nothing
 * at WARN or above, no stack trace, Netty's included), and a good client is served after every try.
 */
class FuzzWebSocketSocketTest {
    private static final int MAX_FRAME_BYTES = 4096;
    private static TestServer server;
    private static LogCapture log;

    @BeforeContainer
    static void start() {
        // No rate limit here: a fuzzing client sends faster than any real one, and the limit has its own tests.
        server = TestServer.start(b -> b.maxFrameBytes(MAX_FRAME_BYTES).maxClientMessagesPerSecond(1_000_000));
        log = LogCapture.withNetty();
    }

    @AfterContainer
    static void stop() {
        log.close();
        server.close();
    }

    /** What the server must do with a defect: close with one of these codes, or nothing (the client left). */
    record Defect(String name, byte[] bytes, Set<Integer> closeCodes, boolean disconnect) {
        @Override
        public String toString() {
            return name + " " + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 40)))
                    + (bytes.length > 40 ? "... (" + bytes.length + " bytes)" : "");
        }
    }

    private static RawWsClient rawClient() {
        RawWsClient raw = RawWsClient.connect(server.streamer().getPort());
        assertThat(raw.status()).isEqualTo(101);
        assertThat(raw.readFrame().text()).contains("\"welcome\"");
        return raw;
    }

    @Property(tries = 300)
    void aMalformedFrameIsAnsweredWithItsCloseCodeAndTheServerServesOthers(@ForAll("defects") Defect defect,
            @ForAll("preambles") List<String> preamble) {
        RawWsClient raw = rawClient();
        try {
            for (String message : preamble) {
                raw.sendText(message);
                assertThat(raw.readFrame()).as("the reply to %s", message).isNotNull();
            }
            raw.sendRaw(defect.bytes());
            if (!defect.disconnect()) {
                RawWsClient.Frame close = raw.readUntilClose();
                assertThat(close).as("a close frame for %s", defect).isNotNull();
                assertThat(close.closeCode()).as("the close code for %s (%s)", defect, close.closeReason())
                        .isIn(defect.closeCodes());
                assertThat(raw.readFrame()).as("nothing after the close frame").isNull();
            }
        } finally {
            raw.close(); // the client that leaves at once, or after the server's close frame
        }
        assertAGoodClientIsServed();
        assertTheLogIsQuiet();
    }

    @Provide
    Arbitrary<List<String>> preambles() {
        return Arbitraries.of("{\"type\":\"ping\"}", "{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}",
                "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a\"]}}").list().ofMaxSize(2);
    }

    @Provide
    Arbitrary<Defect> defects() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(40).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Set<Integer> protocol = Set.of(1002);
        List<Arbitrary<Defect>> all = new ArrayList<>();
        all.add(Combinators.combine(Arbitraries.of(3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF), small).as((op, p) ->
                new Defect("reserved opcode " + op, FrameBytes.frame(op, true, 0, true, p.length, false, p), protocol,
                        false)));
        all.add(Combinators.combine(Arbitraries.integers().between(1, 7), Arbitraries.of(0x1, 0x2, 0x9), text)
                .as((rsv, op, p) -> new Defect("reserved bits " + rsv, FrameBytes.frame(op, true, rsv, true,
                        p.length, false, p), protocol, false)));
        all.add(Combinators.combine(Arbitraries.of(0x1, 0x2, 0x9, 0xA, 0x8), text).as((op, p) ->
                new Defect("unmasked opcode " + op, FrameBytes.frame(op, true, 0, false, p.length, false, p),
                        protocol, false)));
        all.add(Combinators.combine(Arbitraries.of(0x8, 0x9, 0xA), small).as((op, p) ->
                new Defect("fragmented control " + op, FrameBytes.frame(op, false, p), protocol, false)));
        all.add(Combinators.combine(Arbitraries.of(0x8, 0x9, 0xA), Arbitraries.integers().between(126, 400))
                .as((op, n) -> new Defect("control of " + n + " bytes", FrameBytes.frame(op, true, new byte[n]),
                        protocol, false)));
        all.add(text.map(p -> new Defect("continuation without a start", FrameBytes.frame(0x0, true, p), protocol,
                false)));
        all.add(text.map(p -> new Defect("text inside a fragmented message",
                concat(FrameBytes.frame(0x1, false, "{\"type\":".getBytes(StandardCharsets.UTF_8)),
                        FrameBytes.frame(0x1, true, p)), protocol, false)));
        all.add(text.map(p -> new Defect("length not minimal", FrameBytes.frame(0x1, true, 0, true, p.length, true,
                p), protocol, false)));
        all.add(Arbitraries.longs().between(Long.MIN_VALUE, -1).map(n -> new Defect("negative length " + n,
                FrameBytes.frame(0x1, true, 0, true, n, true, new byte[0]), protocol, false)));
        all.add(Arbitraries.longs().between(MAX_FRAME_BYTES + 1, Long.MAX_VALUE).map(n -> new Defect("declares "
                + n + " bytes", FrameBytes.frame(0x1, true, 0, true, n, false, new byte[0]), Set.of(1009), false)));
        all.add(small.map(p -> new Defect("binary", FrameBytes.frame(0x2, true, p), Set.of(1003), false)));
        all.add(Arbitraries.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xFF}, new byte[] {'{', (byte) 0xF5, '}'}).map(p -> new Defect("text not UTF-8",
                FrameBytes.frame(0x1, true, p), Set.of(1007), false)));
        all.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(125).map(p -> new Defect("close with a random "
                + "payload", FrameBytes.frame(0x8, true, p), closeCodesFor(p), false)));
        all.add(Combinators.combine(Arbitraries.of(0x1, 0x2, 0x8, 0x9, 0x0), text, Arbitraries.integers()
                .between(1, 100)).as((op, p, beyond) -> new Defect("a length beyond the body, then gone",
                FrameBytes.frame(op, true, 0, true, p.length + beyond, false, p), Set.of(), true)));
        all.add(Combinators.combine(text, Arbitraries.integers().between(0, 100)).as((p, cut) -> {
            byte[] whole = FrameBytes.frame(0x1, true, p);
            return new Defect("a frame cut short, then gone", Arrays.copyOf(whole, Math.min(cut, whole.length - 1)),
                    Set.of(), true);
        }));
        all.add(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200).map(b ->
                new Defect("random bytes, then gone", b, Set.of(), true)));
        return Arbitraries.oneOf(all);
    }

    /** The answer RFC 6455 prescribes to a client's close frame with {@code payload}: its echo, or 1002 or 1007. */
    private static Set<Integer> closeCodesFor(byte[] payload) {
        if (payload.length == 0) {
            return Set.of(1005); // echoed empty: no code
        }
        if (payload.length == 1) {
            return Set.of(1002);
        }
        int code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        boolean valid = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
        if (!valid) {
            return Set.of(1002);
        }
        boolean utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payload, 2, payload.length - 2), CharBuffer.allocate(payload.length), true)
                .isUnderflow();
        return utf8 ? Set.of(code) : Set.of(1007);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Property(tries = 400)
    void aRefusedMessageIsAnsweredWithAnErrorAndChangesNothing(@ForAll("messages") String message) {
        try (RawWsClient raw = RawWsClient.connect(server.streamer().getPort())) {
            String clientId = json(raw.readFrame()).path("client_id").asText();
            raw.sendText("{\"type\":\"subscribe\",\"metric_types\":[\"system\",\"agent\"]}");
            raw.sendText("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":[\"cpu\"]}}");
            raw.sendText("{\"type\":\"set_update_interval\",\"interval_seconds\":0.5}");
            for (int i = 0; i < 3; i++) {
                assertThat(json(raw.readFrame()).path("type").asText()).isNotEqualTo("error");
            }
            JsonNode before = client(clientId);

            raw.sendText(message);
            JsonNode reply = json(raw.readFrame());
            raw.sendText("{\"type\":\"ping\",\"id\":\"after\"}");
            JsonNode pong = nextOfType(raw, "pong");

            assertThat(pong.path("id").asText()).as("the following message is answered").isEqualTo("after");
            if ("error".equals(reply.path("type").asText())) {
                assertThat(reply.path("code").asText()).isIn("invalid_json", "unknown_message_type",
                        "invalid_message", "unknown_metric_type");
                assertThat(reply.path("message").asText()).isNotBlank();
                assertThat(client(clientId)).as("the state after a refused %s", message).isEqualTo(before);
            }
        }
        assertTheLogIsQuiet();
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> slotted = Combinators.combine(Arbitraries.of("{\"type\":\"subscribe\",\"metric_types\":%s}",
                "{\"type\":\"unsubscribe\",\"metric_types\":%s}", "{\"type\":\"set_filters\",\"filters\":%s}",
                "{\"type\":\"set_update_interval\",\"interval_seconds\":%s}",
                "{\"type\":\"set_aggregation\",\"window_seconds\":%s}",
                "{\"type\":\"replay\",\"since_seq\":%s,\"epoch\":\"e\"}", "{\"type\":%s}", "%s"),
                FuzzJson.values(2)).as((slot, v) -> slot.replace("%s", v));
        Arbitrary<String> truncated = Arbitraries.of("{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}",
                "{\"type\":\"set_filters\",\"filters\":{}}").flatMap(m -> Arbitraries.integers()
                .between(0, m.length() - 1).map(n -> m.substring(0, n)));
        return Arbitraries.oneOf(slotted, truncated, Arbitraries.strings().ofMaxLength(60));
    }

    private static JsonNode json(RawWsClient.Frame frame) {
        assertThat(frame).as("a frame").isNotNull();
        assertThat(frame.opcode()).as("a text frame: %s", frame.text()).isEqualTo(RawWsClient.TEXT);
        return TestServer.parse(frame.text());
    }

    /** Reads past deliveries and replay frames to the next message of {@code type}. */
    private static JsonNode nextOfType(RawWsClient raw, String type) {
        for (int i = 0; i < 1000; i++) {
            JsonNode m = json(raw.readFrame());
            if (type.equals(m.path("type").asText())) {
                return m;
            }
        }
        throw new AssertionError("no " + type);
    }

    /** What a client asked for, as the statistics show it (its counters and age left out). */
    private static JsonNode client(String clientId) {
        for (JsonNode c : server.statistics().path("clients")) {
            if (clientId.equals(c.path("client_id").asText())) {
                return TestServer.parse("{\"subscribed_metrics\":" + c.path("subscribed_metrics") + ",\"filters\":"
                        + c.path("filters") + ",\"update_interval_seconds\":" + c.path("update_interval_seconds")
                        + "}");
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    private static void assertAGoodClientIsServed() {
        try (RawWsClient good = rawClient()) {
            good.sendText("{\"type\":\"ping\",\"id\":\"good\"}");
            assertThat(json(good.readFrame()).path("id").asText()).isEqualTo("good");
        }
    }

    private static void assertTheLogIsQuiet() {
        Function<ILoggingEvent, String> line = e -> e.getLevel() + " " + e.getLoggerName() + ": "
                + e.getFormattedMessage();
        assertThat(log.atLeast(Level.WARN)).as("warnings and errors").extracting(line).isEmpty();
        assertThat(log.withStackTraces()).as("stack traces").extracting(line).isEmpty();
    }
}
