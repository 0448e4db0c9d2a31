package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The ingest parser copies each envelope's data token by token: for any data, sent compact or pretty-printed, the
 * bytes it keeps are those of the data tree encoded compactly, and they parse back to the same tree.
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
