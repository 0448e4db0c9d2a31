package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * The ingest parser copies each envelope's data out of the body as compact JSON: for any data, sent compact or
 * pretty-printed, the bytes it keeps are those of the data tree encoded compactly, and they parse back to the same
 * tree.
 */
class IngestParserPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-06-01T10:00:00Z");

    private final IngestParser parser = new IngestParser(MetricTypes.builtIns());

    @Property(tries = 300)
    void keepsTheDataOfEveryEnvelopeAsItsCompactEncoding(@ForAll("bodies") List<JsonNode> datas,
                                                         @ForAll boolean pretty) throws Exception {
        ArrayNode body = NODES.arrayNode();
        for (JsonNode data : datas) {
            body.addObject().put("metric_type", "agent").set("data", data);
        }
        String text = pretty ? PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(body)
                : PLAIN.writeValueAsString(body);

        List<MetricEnvelope> envelopes = parser.parse(text.getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(envelopes).hasSameSizeAs(datas);
        for (int i = 0; i < datas.size(); i++) {
            assertThat(new String(envelopes.get(i).dataJson(), StandardCharsets.UTF_8))
                    .isEqualTo(PLAIN.writeValueAsString(datas.get(i)));
            // The kept bytes are what the publisher's numbers said, digit for digit.
            assertThat(envelopes.get(i).data()).isEqualTo(PLAIN.readTree(PLAIN.writeValueAsString(datas.get(i))));
        }
    }

    /**
     * Duplicate keys: this parser tracks them itself, and must find one exactly where Jackson's strict mode finds
     * one in the body's token stream, whatever else is wrong with the body (refused envelopes, unknown fields,
     * fields of the wrong kind, a value trailing the body).
     */
    @Property(tries = 400)
    void reportsADuplicateKeyExactlyWhenJacksonsStrictModeFindsOne(@ForAll("rawBodies") String body)
            throws IOException {
        boolean duplicate = false;
        try (JsonParser strict = Json.mapper().getFactory().createParser(body)) {
            strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            while (strict.nextToken() != null) {
                strict.skipChildren();
            }
        } catch (JsonParseException e) {
            assertThat(e.getOriginalMessage()).startsWith("Duplicate field");
            duplicate = true;
        }

        Throwable refused = catchThrowable(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8), NOW));

        if (duplicate) {
            assertThat(refused).isInstanceOf(IngestException.class).hasMessageContaining("Duplicate field");
        } else if (refused != null) {
            assertThat(refused).isInstanceOf(IngestException.class).hasMessageNotContaining("Duplicate field");
        }
    }

    @Provide
    Arbitrary<String> rawBodies() {
        Arbitrary<String> envelope = envelopeMember().list().ofMaxSize(5)
                .map(l -> "{" + String.join(",", l) + "}");
        Arbitrary<String> element = Arbitraries.frequencyOf(Tuple.of(6, envelope), Tuple.of(1, Arbitraries.just("3")));
        Arbitrary<String> body = Arbitraries.oneOf(envelope,
                element.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
        Arbitrary<String> trailing = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
                Tuple.of(1, rawObject(1).map(o -> " " + o)));
        return Combinators.combine(body, trailing).as(String::concat);
    }

    /** A member of an envelope: the real fields, with right and wrong values, and fields that are refused. */
    private Arbitrary<String> envelopeMember() {
        return Arbitraries.of("metric_type", "timestamp", "data", "seq", "bogus").flatMap(key -> {
            Arbitrary<String> value = switch (key) {
                case "metric_type" -> Arbitraries.oneOf(Arbitraries.of("\"agent\"", "\"nope\"", "7"), rawObject(1));
                case "timestamp" -> Arbitraries.oneOf(
                        Arbitraries.of("null", "\"2026-01-01T00:00:00Z\"", "\"bad\""), rawObject(1));
                case "data" -> Arbitraries.oneOf(rawObject(2),
                        rawObject(1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                        rawObject(1).list().ofMaxSize(2).map(l -> "[1" + (l.isEmpty() ? "" : ",")
                                + String.join(",", l) + "]"),
                        Arbitraries.of("\"hi\"", "null"));
                case "seq" -> Arbitraries.just("1");
                default -> rawObject(1);
            };
            return value.map(v -> "\"" + key + "\":" + v);
        });
    }

    /**
     * JSON text of an object whose keys often repeat. At depth 2 (a data object): up to 60 keys of three letters out
     * of 1,000, so a repeat falls before and after ObjectKeys moves an object past SMALL_KEYS to a set; below: up to
     * 4 keys out of a, b and c.
     */
    private Arbitrary<String> rawObject(int depth) {
        Arbitrary<String> key = depth == 2 ? Arbitraries.strings().withChars("abcdefghij").ofLength(3)
                : Arbitraries.of("a", "b", "c");
        Arbitrary<String> scalar = Arbitraries.of("1", "-2.5e3", "\"x\"", "true", "null", "[1,\"a\"]", "{}");
        Arbitrary<String> value = depth == 0 ? scalar : Arbitraries.frequencyOf(Tuple.of(4, scalar),
                Tuple.of(1, Arbitraries.lazy(() -> rawObject(depth - 1))),
                Tuple.of(1, Arbitraries.lazy(() -> rawObject(depth - 1)).list().ofMaxSize(3)
                        .map(l -> "[" + String.join(",", l) + "]")));
        Arbitrary<String> member = Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v);
        // Sizes drawn evenly: jqwik's lists favour the small ones, and a set takes over past 32 keys.
        return Arbitraries.integers().between(0, depth == 2 ? 60 : 4).withDistribution(RandomDistribution.uniform())
                .flatMap(n -> member.list().ofSize(n)).map(l -> "{" + String.join(",", l) + "}");
    }

    @Provide
    Arbitrary<List<JsonNode>> bodies() {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '\u00ff').withChars('"', '\\', '\n', '\u20ac')
                        .ofMaxLength(12).map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().between(-1e9, 1e9).map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
        Arbitrary<JsonNode> record = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(l -> {
                    ArrayNode a = NODES.arrayNode();
                    l.forEach(a::add);
                    return (JsonNode) a;
                }))).ofMaxSize(5).map(m -> {
                    ObjectNode o = NODES.objectNode();
                    m.forEach(o::set);
                    return o;
                });
        Arbitrary<JsonNode> array = record.list().ofMaxSize(4).map(l -> {
            ArrayNode a = NODES.arrayNode();
            l.forEach(a::add);
            return a;
        });
        return Arbitraries.oneOf(record, array).list().ofMinSize(1).ofMaxSize(4);
    }
}
