package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link DataFilter} over generated agent arrays, metric types and filters (fields per type too). */
class DataFilterPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> IDS = List.of("a1", "a2", "a3", "a4");
    private static final List<String> KEYS = List.of("load", "health_score", "errors", "note");
    /** The types metrics are of; filters name the first three at most, so business always passes whole. */
    private static final List<MetricType> TYPES = List.of(MetricTypes.builtIns().require("system"),
            MetricTypes.builtIns().require("agent"), MetricTypes.builtIns().require("hero"),
            MetricTypes.builtIns().require("business"));

    @Provide
    Arbitrary<JsonNode> data() {
        Arbitrary<Optional<String>> agentId = Arbitraries.of(IDS).optional(0.8);
        Arbitrary<List<String>> keys = Arbitraries.of(KEYS).set().ofMaxSize(KEYS.size()).map(ArrayList::new);
        Arbitrary<ObjectNode> record = Combinators.combine(agentId, keys, Arbitraries.integers().between(0, 99))
                .as((id, ks, v) -> {
                    ObjectNode r = NODES.objectNode();
                    id.ifPresent(a -> r.put("agent_id", a));
                    ks.forEach(k -> r.put(k, v));
                    return r;
                });
        Arbitrary<JsonNode> array = record.list().ofMaxSize(6).map(rs -> {
            ArrayNode a = NODES.arrayNode();
            rs.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> withAgents = Combinators.combine(record, array).as((r, a) -> r.deepCopy().set("agents", a));
        Arbitrary<JsonNode> withAgentsById = Combinators.combine(record, Arbitraries.of(IDS).set(), record)
                .as((r, ids, inner) -> {
                    ObjectNode outer = r.deepCopy();
                    ObjectNode agents = outer.putObject("agents");
                    ids.forEach(id -> agents.set(id, inner.deepCopy()));
                    return outer;
                });
        return Arbitraries.oneOf(array, record.map(r -> (JsonNode) r), withAgents, withAgentsById);
    }

    @Provide
    Arbitrary<Filters> filters() {
        Arbitrary<List<String>> ids = Arbitraries.of(IDS).list().ofMaxSize(3).injectNull(0.3);
        Arbitrary<List<String>> fields = Arbitraries.of(KEYS).list().ofMaxSize(3).injectNull(0.3);
        Arbitrary<Filters> oneList = Combinators.combine(ids, fields).as(Filters::of);
        Arbitrary<Filters> perType = Combinators.combine(ids, fieldsByType()).as((i, f) -> Filters.of(i, null, f));
        return Arbitraries.oneOf(oneList, perType);
    }

    /** Fields per type: some of system, agent and hero (in any order), each with its list, maybe empty. */
    static Arbitrary<Map<MetricType, List<String>>> fieldsByType(List<MetricType> types, List<String> keys) {
        Arbitrary<List<MetricType>> named = Arbitraries.of(types.subList(0, 3)).list().uniqueElements().ofMaxSize(3);
        Arbitrary<List<List<String>>> lists = Arbitraries.of(keys).list().ofMaxSize(3).list().ofSize(3);
        return Combinators.combine(named, lists).as((ts, ls) -> {
            Map<MetricType, List<String>> m = new LinkedHashMap<>();
            for (int i = 0; i < ts.size(); i++) {
                m.put(ts.get(i), ls.get(i));
            }
            return m;
        });
    }

    private static Arbitrary<Map<MetricType, List<String>>> fieldsByType() {
        return fieldsByType(TYPES, KEYS);
    }

    @Provide
    Arbitrary<MetricType> types() {
        return Arbitraries.of(TYPES);
    }

    @Property
    void neverModifiesItsInput(@ForAll("data") JsonNode data, @ForAll("types") MetricType type,
                               @ForAll("filters") Filters filters) {
        JsonNode before = data.deepCopy();

        DataFilter.apply(data, type, filters);

        assertThat(data).isEqualTo(before);
    }

    @Property
    void aTypesViewUnderFieldsPerTypeIsItsViewUnderItsOwnList(@ForAll("data") JsonNode data,
                                                              @ForAll("types") MetricType type,
                                                              @ForAll("filters") Filters filters) {
        Set<String> own = filters.fieldsFor(type);
        Filters asOneList = Filters.of(filters.agentIds() == null ? null : List.copyOf(filters.agentIds()),
                own == null ? null : List.copyOf(own));

        assertThat(DataFilter.apply(data, type, filters)).isEqualTo(DataFilter.apply(data, asOneList));
        if (filters.passesWhole(type)) {
            assertThat(DataFilter.apply(data, type, filters)).isSameAs(data);
        }
    }

    @Property
    void keptRecordsAreInOrderProjectionsOfInputRecordsKeepingAgentId(@ForAll("data") JsonNode data,
                                                                      @ForAll("types") MetricType type,
                                                                      @ForAll("filters") Filters filters) {
        JsonNode out = DataFilter.apply(data, type, filters);
        if (out == null) {
            return;
        }
        if (data.isArray()) {
            assertIsProjectedSubsequence(out, data, filters.fieldsFor(type) == null);
        } else {
            assertThat(isProjectionOf(out, data, false)).as("%s from %s", out, data).isTrue();
            JsonNode agents = out.get("agents");
            if (agents != null && agents.isArray() && filters.fieldsFor(type) == null) {
                assertIsProjectedSubsequence(agents, data.get("agents"), true);
            } else if (agents != null && agents.isObject()) {
                JsonNode byId = data.get("agents");
                agents.properties().forEach(e -> assertThat(e.getValue()).isEqualTo(byId.get(e.getKey())));
            }
        }
    }

    @Property
    void keptAgentRecordsAreOnlyTheListedAgents(@ForAll("data") JsonNode data, @ForAll("types") MetricType type,
                                                @ForAll("filters") Filters filters) {
        JsonNode out = DataFilter.apply(data, type, filters);
        if (out == null || filters.agentIds() == null) {
            return;
        }
        for (JsonNode record : records(out)) {
            JsonNode id = record.get("agent_id");
            if (id != null) {
                assertThat(filters.agentIds()).contains(id.asText());
            }
        }
        JsonNode agents = out.get("agents");
        if (agents != null && agents.isObject()) {
            assertThat(agents.properties()).extracting(Map.Entry::getKey).allMatch(filters.agentIds()::contains);
        }
    }

    @Property
    void keptRecordsHoldOnlyListedFieldsPlusAgentId(@ForAll("data") JsonNode data, @ForAll("types") MetricType type,
                                                    @ForAll("filters") Filters filters) {
        JsonNode out = DataFilter.apply(data, type, filters);
        Set<String> fields = filters.fieldsFor(type);
        if (out == null || fields == null) {
            return;
        }
        for (JsonNode record : records(out)) {
            assertThat(record.properties()).extracting(Map.Entry::getKey)
                    .allMatch(k -> k.equals("agent_id") || fields.contains(k))
                    .anyMatch(fields::contains);
        }
    }

    /** Every record of {@code out} matches a distinct record of {@code in}, in order. */
    private static void assertIsProjectedSubsequence(JsonNode out, JsonNode in, boolean whole) {
        int at = 0;
        for (JsonNode r : out) {
            while (at < in.size() && !isProjectionOf(r, in.get(at), whole)) {
                at++;
            }
            assertThat(at).as("%s is not an in-order projection of %s", out, in).isLessThan(in.size());
            at++;
        }
    }

    /** Whether {@code out} holds only members of {@code in} (all of them when whole) and keeps its agent_id. */
    private static boolean isProjectionOf(JsonNode out, JsonNode in, boolean whole) {
        if (whole && !out.equals(in)) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : out.properties()) {
            if (!e.getKey().equals("agents") && !e.getValue().equals(in.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode id = in.get("agent_id");
        return id == null || id.equals(out.get("agent_id"));
    }

    private static List<JsonNode> records(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(out::add);
        } else {
            out.add(data);
            JsonNode agents = data.get("agents");
            if (agents != null && agents.isArray()) {
                agents.forEach(out::add);
            }
        }
        return out;
    }
}
