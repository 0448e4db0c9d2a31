package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The line protocol grammar against a writer of it in the test: any point (names and strings with commas, equals
 * signs, spaces, quotes, backslashes, newlines and characters beyond ASCII; every kind of field value; with or
 * without a timestamp), written with the protocol's escapes, reads back as the data the test built; and no body,
 * however broken, makes the parser fail other than by refusing it.
 */
class LineProtocolPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final MetricTypes TYPES = MetricTypes.of(List.of("custom"));

    private final LineProtocolParser parser = new LineProtocolParser(new InfluxMapping(Map.of(),
            TYPES.require("custom"), InfluxMapping.DEFAULT_AGENT_TAG, TYPES));

    /** A field value as the test writes it in line protocol, and as JSON expects it. */
    record Field(String text, JsonNode json) {
    }

    /** A point: its measurement, tags and fields (distinct keys), optional timestamp in nanoseconds. */
    record Point(String measurement, Map<String, String> tags, Map<String, Field> fields, Long timestamp) {
        String line() {
            StringBuilder b = new StringBuilder(escape(measurement, ", "));
            tags.forEach((k, v) -> b.append(',').append(escape(k, ",= ")).append('=').append(escape(v, ",= ")));
            b.append(' ');
            boolean first = true;
            for (Map.Entry<String, Field> f : fields.entrySet()) {
                b.append(first ? "" : ",").append(escape(f.getKey(), ",= ")).append('=').append(f.getValue().text());
                first = false;
            }
            if (timestamp != null) {
                b.append(' ').append(timestamp);
            }
            return b.toString();
        }

        ObjectNode data() {
            ObjectNode d = NODES.objectNode();
            fields.forEach((k, f) -> d.set(k, f.json()));
            tags.forEach(d::put);
            d.put("measurement", measurement);
            return d;
        }
    }

    private static String escape(String name, String special) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (special.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    @Property(tries = 400)
    void everyPointWrittenWithTheProtocolsEscapesReadsBackAsItsData(
            @ForAll("pointLists") List<Point> points, @ForAll boolean crlf,
            @ForAll boolean comments) throws Exception {
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder body = new StringBuilder();
        for (Point p : points) {
            if (comments) {
                body.append("# a comment, = \" \\").append(eol).append(eol);
            }
            body.append(p.line()).append(eol);
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

        List<MetricEnvelope> out = parser.parse(bytes, 0, bytes.length, InfluxPrecision.NANOSECONDS, NOW);

        assertThat(out).hasSameSizeAs(points);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            // Both read by the same JSON parser, so that numbers compare by value, not by node class.
            assertThat(PLAIN.readTree(out.get(i).dataJson())).as(p.line())
                    .isEqualTo(PLAIN.readTree(PLAIN.writeValueAsString(p.data())));
            Instant expected = p.timestamp() == null ? NOW : Instant.ofEpochSecond(0, p.timestamp());
            assertThat(out.get(i).timestamp()).isEqualTo(expected);
        }
    }

    @Property(tries = 400)
    void anyBodyIsParsedOrRefusedNeverFailedOn(@ForAll("mangled") byte[] body) {
        try {
            List<MetricEnvelope> out = parser.parse(body, 0, body.length, InfluxPrecision.NANOSECONDS, NOW);
            for (MetricEnvelope e : out) {
                // What is accepted is one JSON object in UTF-8, as clients will read it.
                assertThat(PLAIN.readTree(new String(e.dataJson(), StandardCharsets.UTF_8)).isObject()).isTrue();
            }
        } catch (IngestException refused) {
            assertThat(refused.getMessage()).matches("(?s)(line \\d+.*|the body is not valid UTF-8)");
        } catch (Exception e) {
            throw new AssertionError("not a refusal: " + e, e);
        }
    }

    /** Valid bodies cut, spliced and sprinkled with the protocol's special bytes, and random bytes. */
    @Provide
    Arbitrary<byte[]> mangled() {
        Arbitrary<byte[]> valid = points().list().ofMinSize(1).ofMaxSize(3).map(ps -> {
            StringBuilder b = new StringBuilder();
            ps.forEach(p -> b.append(p.line()).append('\n'));
            return b.toString().getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> cut = Combinators.combine(valid, Arbitraries.integers().between(0, 400))
                .as((b, n) -> java.util.Arrays.copyOf(b, Math.min(b.length, n)));
        Arbitrary<byte[]> sprinkled = Combinators.combine(valid, Arbitraries.of((byte) ',', (byte) '=', (byte) ' ',
                (byte) '"', (byte) '\\', (byte) '\n', (byte) '\r', (byte) 'i', (byte) 'u', (byte) '#', (byte) 0xc3,
                (byte) 0x80).list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 1000).list()
                .ofSize(4)).as((b, bytes, at) -> {
                    byte[] out = b.clone();
                    for (int i = 0; i < bytes.size(); i++) {
                        out[at.get(i) % out.length] = bytes.get(i);
                    }
                    return out;
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> ascii = Arbitraries.strings().withChars(" ,=\"\\\nabc0123456789.-iutTfF#e")
                .ofMaxLength(120).map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(cut, sprinkled, random, ascii);
    }

    @Provide
    Arbitrary<List<Point>> pointLists() {
        return points().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Point> points() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcxyz_ ,=\"\\é☀0")
                .ofMinLength(1).ofMaxLength(8)
                // A name cannot end in a backslash (it would escape the delimiter after it), start with a space
                // (skipped as indentation) or be a comment; a key cannot be one the server adds.
                .filter(s -> !s.endsWith("\\") && !s.startsWith(" ") && !s.startsWith("#")
                        && !s.equals("measurement") && !s.equals("agent_id"));
        Arbitrary<String> measurements = names;
        Arbitrary<Field> fields = Arbitraries.oneOf(
                Arbitraries.doubles().ofScale(3).between(-1e12, 1e12)
                        .map(d -> new Field(Double.toString(d), NODES.numberNode(d))),
                Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite())
                        .map(d -> new Field(Double.toString(d), NODES.numberNode(d))),
                Arbitraries.longs().map(l -> new Field(l + "i", NODES.numberNode(l))),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, new BigInteger("18446744073709551615"))
                        .map(u -> new Field(u + "u", NODES.numberNode(u))),
                Arbitraries.of("t", "T", "true", "True", "TRUE").map(t -> new Field(t, NODES.booleanNode(true))),
                Arbitraries.of("f", "F", "false", "False", "FALSE").map(t -> new Field(t, NODES.booleanNode(false))),
                Arbitraries.strings().withChars("ab ,=\"\\\n\té☀").ofMaxLength(12)
                        .map(s -> new Field("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
                                NODES.textNode(s))));
        Arbitrary<List<String>> keys = names.list().ofMinSize(1).ofMaxSize(8).uniqueElements();
        return Combinators.combine(measurements, keys, fields.list().ofSize(8),
                        Arbitraries.integers().between(0, 7), Arbitraries.longs().injectNull(0.3))
                .as((m, ks, fs, tagCount, ts) -> {
                    int tags = Math.min(tagCount, ks.size() - 1);
                    java.util.LinkedHashMap<String, String> tagMap = new java.util.LinkedHashMap<>();
                    java.util.LinkedHashMap<String, Field> fieldMap = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < ks.size(); i++) {
                        if (i < tags) {
                            tagMap.put(ks.get(i), "v" + ks.get(i));
                        } else {
                            fieldMap.put(ks.get(i), fs.get(i));
                        }
                    }
                    return new Point(m, tagMap, fieldMap, ts);
                });
    }

}
