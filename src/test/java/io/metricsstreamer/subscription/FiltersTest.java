package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filters: set semantics for views, each value once in request order for the echo. */
class FiltersTest {
    private static final MetricTypes TYPES = MetricTypes.of(List.of("custom"));
    private static final MetricType SYSTEM = TYPES.require("system");
    private static final MetricType AGENT = TYPES.require("agent");
    private static final MetricType CUSTOM = TYPES.require("custom");

    /** A per-type fields map in the order given: type, list, type, list... */
    private static Map<MetricType, List<String>> byType(Object... typeThenList) {
        Map<MetricType, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < typeThenList.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) typeThenList[i + 1];
            m.put((MetricType) typeThenList[i], list);
        }
        return m;
    }
    @Test
    void echoesEachValueOnceInTheOrderFirstSent() {
        Filters f = Filters.of(List.of("b", "a", "b", "c"), List.of("z", "y", "z"));
        assertThat(f.toWire()).isEqualTo(Map.of("agent_ids", List.of("b", "a", "c"), "fields", List.of("z", "y")));
        assertThat(f.toWire().keySet()).containsExactly("agent_ids", "fields");
    }

    @Test
    void orderAndDuplicatesDoNotMakeAnotherView() {
        Filters one = Filters.of(List.of("a1", "a2"), List.of("load"));
        Filters two = Filters.of(List.of("a2", "a1", "a1"), List.of("load", "load"));
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(Filters.of(List.of("a1"), List.of("load")));
        assertThat(one).isNotEqualTo(Filters.of(List.of("a1", "a2"), null));
    }

    @Test
    void looksUpEveryValueAndOnlyThose() {
        Filters f = Filters.of(List.of("a1", "a2"), null);
        assertThat(f.agentIds()).contains("a1", "a2").doesNotContain("a3");
        assertThat(f.fields()).isNull();
        assertThat(Filters.of(List.of(), null).agentIds()).isEmpty();
        assertThat(Filters.of(null, null)).isSameAs(Filters.NONE);
        assertThat(Filters.NONE.toWire()).isEmpty();
    }

    @Test
    void fieldsPerTypeProjectTheNamedTypesAndPassTheOthersWhole() {
        Filters f = Filters.of(null, null, byType(AGENT, List.of("load"), CUSTOM, List.of()));

        assertThat(f.fieldsFor(AGENT)).containsExactly("load");
        assertThat(f.fieldsFor(CUSTOM)).as("an empty list keeps nothing of its type").isEmpty();
        assertThat(f.fieldsFor(SYSTEM)).as("a type not named is not projected").isNull();
        assertThat(f.fields()).isNull();
        assertThat(f.isNone()).isFalse();
        assertThat(f.passesWhole(SYSTEM)).isTrue();
        assertThat(f.passesWhole(AGENT)).isFalse();
        assertThat(Filters.of(List.of("a1"), null, byType(AGENT, List.of("load"))).passesWhole(SYSTEM))
                .as("the agent filter still applies to a type not named").isFalse();
    }

    @Test
    void aListOfFieldsAppliesToEveryType() {
        Filters f = Filters.of(null, List.of("load"));

        assertThat(f.fieldsFor(SYSTEM)).containsExactly("load");
        assertThat(f.fieldsFor(CUSTOM)).containsExactly("load");
        assertThat(f.hasFieldsByType()).isFalse();
        assertThat(f.fieldsByType()).isNull();
    }

    @Test
    void emptyFieldsPerTypeAreNoFieldProjection() {
        assertThat(Filters.of(null, null, Map.of())).isSameAs(Filters.NONE);
        assertThat(Filters.of(List.of("a1"), null, Map.of())).isEqualTo(Filters.of(List.of("a1"), null))
                .hasSameHashCodeAs(Filters.of(List.of("a1"), null));
        assertThat(Filters.of(List.of("a1"), null, Map.of()).toWire()).isEqualTo(Map.of("agent_ids", List.of("a1")));
    }

    @Test
    void fieldsPerTypeAreEqualWhateverTheOrderOfTypesAndValues() {
        Filters one = Filters.of(null, null, byType(SYSTEM, List.of("a", "b"), AGENT, List.of("c")));
        Filters two = Filters.of(null, null, byType(AGENT, List.of("c", "c"), SYSTEM, List.of("b", "a")));

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(Filters.of(null, null, byType(SYSTEM, List.of("a", "b"))));
        assertThat(one).isNotEqualTo(Filters.of(null, null, byType(SYSTEM, List.of("a", "b"), AGENT, List.of())));
        assertThat(one).isNotEqualTo(Filters.of(null, null, byType(SYSTEM, List.of("a", "b"), CUSTOM, List.of("c"))));
        assertThat(Filters.of(null, null, byType(SYSTEM, List.of("a"))))
                .as("per type is not the same as one list for every type")
                .isNotEqualTo(Filters.of(null, List.of("a")));
        assertThat(Filters.of(null, null, byType(CUSTOM, List.of())))
                .isNotEqualTo(Filters.of(null, null, byType(SYSTEM, List.of())));
    }

    @Test
    void echoesFieldsPerTypeAsAnObjectOfWireNamesInTheOrderSent() throws Exception {
        Filters f = Filters.of(List.of("a1"), null,
                byType(CUSTOM, List.of("z", "y", "z"), SYSTEM, List.of("cpu_usage"), AGENT, List.of()));

        assertThat(Json.mapper().writeValueAsString(f.toWire())).isEqualTo("{\"agent_ids\":[\"a1\"],"
                + "\"fields\":{\"custom\":[\"z\",\"y\"],\"system\":[\"cpu_usage\"],\"agent\":[]}}");
        assertThat(f.fieldsByType().keySet()).containsExactly(CUSTOM, SYSTEM, AGENT);
    }

    @Test
    void takesFieldsAsOneListOrPerTypeNotBoth() {
        assertThatThrownBy(() -> Filters.of(null, List.of("a"), byType(SYSTEM, List.of("b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAgentCeilingCutsTheAgentsKeepingTheClientsOrderAndItsFields() {
        Filters own = Filters.of(List.of("a3", "a2", "a1"), null, byType(SYSTEM, List.of("cpu")));

        Filters cut = own.withAgentCeiling(List.of("a1", "a2"));

        assertThat(cut.toWire()).isEqualTo(Map.of("agent_ids", List.of("a2", "a1"), "fields",
                Map.of("system", List.of("cpu"))));
        assertThat(Filters.NONE.withAgentCeiling(List.of("a9", "a1")).toWire())
                .isEqualTo(Map.of("agent_ids", List.of("a9", "a1")));
        assertThat(own.withAgentCeiling(null)).isSameAs(own);
        assertThat(Filters.of(List.of("a3"), null).withAgentCeiling(List.of("a1")).agentIds())
                .as("nothing in common: no agent record passes").isEmpty();
    }
}
