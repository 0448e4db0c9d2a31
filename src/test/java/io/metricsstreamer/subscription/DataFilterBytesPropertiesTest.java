package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link DataFilterBytes} is {@link DataFilter} on bytes: for any data, metric type and filters (fields as one list
 * or per type), its view is the JSON of the tree
 * version's view (byte for byte where the data is written as the mapper writes it), nothing when the tree version
 * delivers nothing, and it hands back to the tree version only for an {@code agent_id} that is not a string.
 */
class DataFilterBytesPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** Agent ids, some with characters JSON escapes or writes in several bytes. */
    private static final List<String> IDS = List.of("a1", "a2", "a\"3", "\u00e9\u20ac\\4");
    private static final List<String> KEYS = List.of("load", "health_score", "errors", "note", "agents", "agent_id");
    /** The types metrics are of; filters name the first three at most, so business always passes whole. */
    private static final List<MetricType> TYPES = List.of(MetricTypes.builtIns().require("system"),
            MetricTypes.builtIns().require("agent"), MetricTypes.builtIns().require("hero"),
            MetricTypes.builtIns().require("business"));

    @Property(tries = 1000)
    void itsViewsAreTheTreeVersionsViews(@ForAll("data") JsonNode data, @ForAll("types") MetricType type,
                                         @ForAll("filters") Filters first, @ForAll("filters") Filters second)
            throws Exception {
        DataFilterBytes.Index index = DataFilterBytes.index(PLAIN.writeValueAsBytes(data));

        // One index serves every view of a metric, so the second view must not see anything of the first.
        assertIsTheTreeView(DataFilterBytes.apply(index, type, first), data, type, first);
        assertIsTheTreeView(DataFilterBytes.apply(index, type, second), data, type, second);
    }

    @Property(tries = 500)
    void readsDataThatIsASliceOfALargerArray(@ForAll("data") JsonNode data, @ForAll("types") MetricType type,
                                            @ForAll("filters") Filters filters,
                                            @ForAll @IntRange(max = 40) int before,
                                            @ForAll @IntRange(max = 40) int after)
            throws Exception {
        // A published metric's data is the middle of its encoded frame: offsets must be the array's, not the slice's.
        byte[] json = PLAIN.writeValueAsBytes(data);
        byte[] framed = new byte[before + json.length + after];
        Arrays.fill(framed, (byte) '}');
        System.arraycopy(json, 0, framed, before, json.length);

        DataFilterBytes.Index index = DataFilterBytes.index(framed, before, json.length);

        assertIsTheTreeView(DataFilterBytes.apply(index, type, filters), data, type, filters);
        assertThat(DataFilterBytes.apply(index, Filters.NONE)).isEqualTo(json);
    }

    @Property(tries = 500)
    void readsDataWrittenWithWhitespace(@ForAll("data") JsonNode data, @ForAll("types") MetricType type,
                                        @ForAll("filters") Filters filters) throws Exception {
        byte[] pretty = PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(data);

        byte[] view = DataFilterBytes.apply(DataFilterBytes.index(pretty), type, filters);

        JsonNode expected = DataFilter.apply(data, type, filters);
        if (view == DataFilterBytes.USE_TREE) {
            assertThat(looksAtNonStringAgentId(data)).as("handed back for %s under %s", data, filters).isTrue();
        } else if (expected == null) {
            assertThat(view).isNull();
        } else {
            assertThat(PLAIN.readTree(view)).as("%s under %s", data, filters).isEqualTo(expected);
        }
    }

    private static void assertIsTheTreeView(byte[] view, JsonNode data, MetricType type, Filters filters)
            throws Exception {
        JsonNode expected = DataFilter.apply(data, type, filters);
        Statistics.label("fields").collect(!filters.hasFieldsByType() ? "one list"
                : filters.fieldsFor(type) == null ? "per type, not this one" : "per type, this one");
        Statistics.label("hands back to the tree").collect(view == DataFilterBytes.USE_TREE);
        if (view == DataFilterBytes.USE_TREE) {
            assertThat(looksAtNonStringAgentId(data)).as("handed back for %s under %s", data, filters).isTrue();
            assertThat(filters.agentIds()).isNotNull();
            return;
        }
        if (expected == null) {
            assertThat(view).as("%s under %s", data, filters).isNull();
            return;
        }
        assertThat(view).as("%s under %s", data, filters).isNotNull();
        assertThat(new String(view, StandardCharsets.UTF_8)).as("%s under %s", data, filters)
                .isEqualTo(PLAIN.writeValueAsString(expected));
    }

    @Property(tries = 300)
    void keepsNumbersAsThePublisherWroteThem(@ForAll("types") MetricType type, @ForAll("filters") Filters filters)
            throws Exception {
        String data = "[{\"agent_id\":\"a1\",\"load\":1.50,\"errors\":1e3},{\"agent_id\":\"a2\",\"load\":2.0}]";

        byte[] view = DataFilterBytes.apply(data.getBytes(StandardCharsets.UTF_8), type, filters);

        JsonNode expected = DataFilter.apply(PLAIN.readTree(data), type, filters);
        if (expected == null) {
            assertThat(view).isNull();
        } else {
            String text = new String(view, StandardCharsets.UTF_8);
            assertThat(PLAIN.readTree(text)).isEqualTo(expected);
            if (text.contains("\"a1\"") && text.contains("\"load\"")) {
                assertThat(text).contains("\"load\":1.50");
            }
        }
    }

    @Provide
    Arbitrary<JsonNode> data() {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '\u00ff').withChars('"', '\\', '\n', '\u20ac')
                        .ofMaxLength(8).map(NODES::textNode),
                Arbitraries.integers().between(-1000, 1000).map(NODES::numberNode),
                Arbitraries.doubles().between(-1e6, 1e6).map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.nullNode()));
        Arbitrary<JsonNode> value = Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(l -> {
            ArrayNode a = NODES.arrayNode();
            l.forEach(a::add);
            return a;
        }), scalar.map(v -> NODES.objectNode().set("inner", v)));
        Arbitrary<ObjectNode> record = records(value);
        Arbitrary<JsonNode> recordWithAgents = Combinators.combine(record, record.list().ofMaxSize(2))
                .as((r, inner) -> {
                    ArrayNode a = NODES.arrayNode();
                    inner.forEach(a::add);
                    return r.deepCopy().set("agents", a);
                });
        Arbitrary<JsonNode> element = Arbitraries.frequencyOf(
                Tuple.of(6, record.map(r -> (JsonNode) r)),
                Tuple.of(1, scalar),
                Tuple.of(1, value),
                Tuple.of(1, recordWithAgents));
        Arbitrary<JsonNode> array = element.list().ofMaxSize(5).map(rs -> {
            ArrayNode a = NODES.arrayNode();
            rs.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> withAgents = Combinators.combine(record, array, Arbitraries.integers().between(0, 5))
                .as((r, a, at) -> insert(r, "agents", a, at));
        Arbitrary<JsonNode> withAgentsById = Combinators.combine(record, Arbitraries.of(IDS).set(), record,
                Arbitraries.integers().between(0, 5)).as((r, ids, inner, at) -> {
                    ObjectNode agents = NODES.objectNode();
                    ids.forEach(id -> agents.set(id, inner.deepCopy()));
                    return insert(r, "agents", agents, at);
                });
        Arbitrary<JsonNode> withScalarAgents = Combinators.combine(record, scalar)
                .as((r, s) -> r.deepCopy().set("agents", s));
        return Arbitraries.oneOf(array, record.map(r -> (JsonNode) r), withAgents, withAgentsById,
                withScalarAgents);
    }

    /** Records of up to four fields, maybe with an agent id (mostly a string) among them. */
    private Arbitrary<ObjectNode> records(Arbitrary<JsonNode> value) {
        Arbitrary<JsonNode> stringId = Arbitraries.of(IDS).map(NODES::textNode);
        Arbitrary<JsonNode> otherId = Arbitraries.of(NODES.numberNode(1), NODES.numberNode(2.5), NODES.nullNode(),
                NODES.booleanNode(false), NODES.objectNode().put("id", "a1"), NODES.arrayNode().add("a1"));
        Arbitrary<Optional<JsonNode>> agentId = Arbitraries.frequencyOf(Tuple.of(8, stringId), Tuple.of(1, otherId))
                .optional(0.8);
        return Combinators.combine(agentId,
                Arbitraries.of("load", "health_score", "errors", "note").set().ofMaxSize(4),
                value.list().ofSize(4), Arbitraries.integers().between(0, 4))
                .as((id, keys, values, idAt) -> {
                    ObjectNode r = NODES.objectNode();
                    int i = 0;
                    for (String k : keys) {
                        if (i == idAt) {
                            id.ifPresent(a -> r.set("agent_id", a));
                        }
                        r.set(k, values.get(i++));
                    }
                    if (!r.has("agent_id")) {
                        id.ifPresent(a -> r.set("agent_id", a));
                    }
                    return r;
                });
    }

    @Provide
    Arbitrary<Filters> filters() {
        Arbitrary<List<String>> ids = Arbitraries.of(IDS).list().ofMaxSize(3).injectNull(0.3);
        Arbitrary<List<String>> fields = Arbitraries.of(KEYS).list().ofMaxSize(3).injectNull(0.3);
        Arbitrary<Filters> oneList = Combinators.combine(ids, fields).as(Filters::of);
        Arbitrary<Filters> perType = Combinators.combine(ids, DataFilterPropertiesTest.fieldsByType(TYPES, KEYS))
                .as((i, f) -> Filters.of(i, null, f));
        return Arbitraries.frequencyOf(Tuple.of(2, oneList), Tuple.of(1, perType)).filter(f -> !f.isNone());
    }

    @Provide
    Arbitrary<MetricType> types() {
        return Arbitraries.of(TYPES);
    }

    /** {@code record} with {@code key} set to {@code value} as its {@code at}-th member (or last). */
    private static JsonNode insert(ObjectNode record, String key, JsonNode value, int at) {
        ObjectNode out = NODES.objectNode();
        int i = 0;
        for (var e : record.properties()) {
            if (i++ == at) {
                out.set(key, value);
            }
            out.set(e.getKey(), e.getValue());
        }
        if (!out.has(key)) {
            out.set(key, value);
        }
        return out;
    }

    /**
     * Whether an agent id that DataFilter compares is not a string: the record's own, a top-level array record's, or
     * a record's in a top-level {@code agents} array.
     */
    private static boolean looksAtNonStringAgentId(JsonNode data) {
        if (data.isArray()) {
            for (JsonNode r : data) {
                if (nonStringId(r)) {
                    return true;
                }
            }
            return false;
        }
        if (nonStringId(data)) {
            return true;
        }
        JsonNode agents = data.get("agents");
        if (agents != null && agents.isArray()) {
            for (JsonNode r : agents) {
                if (nonStringId(r)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean nonStringId(JsonNode record) {
        JsonNode id = record.isObject() ? record.get("agent_id") : null;
        return id != null && !id.isTextual();
    }
}
