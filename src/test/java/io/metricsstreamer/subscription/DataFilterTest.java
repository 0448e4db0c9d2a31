package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataFilterTest {
    private static final String AGENTS = "[{\"agent_id\":\"a1\",\"load\":0.5,\"health_score\":90},"
            + "{\"agent_id\":\"a2\",\"load\":0.7,\"health_score\":80},"
            + "{\"note\":\"summary\",\"load\":0.6}]";

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode apply(String data, List<String> agentIds, List<String> fields) {
        JsonNode input = json(data);
        JsonNode before = input.deepCopy();
        JsonNode out = DataFilter.apply(input, Filters.of(agentIds, fields));
        assertThat(input).as("input must never be modified").isEqualTo(before);
        return out;
    }

    @Test
    void noFiltersReturnTheInputItself() {
        JsonNode data = json(AGENTS);

        assertThat(DataFilter.apply(data, Filters.NONE)).isSameAs(data);
    }

    @Test
    void agentIdsKeepOnlyTheListedRecordsOfAnArrayAndRecordsWithoutAgentId() {
        assertThat(apply(AGENTS, List.of("a2"), null)).isEqualTo(json(
                "[{\"agent_id\":\"a2\",\"load\":0.7,\"health_score\":80},{\"note\":\"summary\",\"load\":0.6}]"));
    }

    @Test
    void anArrayThatLosesEveryRecordIsNotDelivered() {
        assertThat(apply("[{\"agent_id\":\"a1\"},{\"agent_id\":\"a2\"}]", List.of("a9"), null)).isNull();
    }

    @Test
    void anEmptyAgentListLetsNoAgentRecordThrough() {
        assertThat(apply("[{\"agent_id\":\"a1\"}]", List.of(), null)).isNull();
        assertThat(apply(AGENTS, List.of(), null)).isEqualTo(json("[{\"note\":\"summary\",\"load\":0.6}]"));
    }

    @Test
    void anAgentScopedObjectIsDeliveredOnlyWhenItsAgentIsListed() {
        String record = "{\"agent_id\":\"a1\",\"load\":0.5}";

        assertThat(apply(record, List.of("a1", "a3"), null)).isEqualTo(json(record));
        assertThat(apply(record, List.of("a2"), null)).isNull();
    }

    @Test
    void aNumericAgentIdMatchesItsTextForm() {
        assertThat(apply("[{\"agent_id\":7},{\"agent_id\":8}]", List.of("7"), null))
                .isEqualTo(json("[{\"agent_id\":7}]"));
    }

    @Test
    void metricsWithoutAgentScopedRecordsPassUntouched() {
        JsonNode system = json("{\"throughput_tps\":100,\"error_rate\":0.01}");

        assertThat(DataFilter.apply(system, Filters.of(List.of("a1"), null))).isSameAs(system);
    }

    @Test
    void anAgentsArrayMemberIsFilteredTheSameWay() {
        String data = "{\"total\":3,\"agents\":[{\"agent_id\":\"a1\",\"x\":1},"
                + "{\"agent_id\":\"a2\",\"x\":2},{\"x\":3}]}";

        assertThat(apply(data, List.of("a2"), null))
                .isEqualTo(json("{\"total\":3,\"agents\":[{\"agent_id\":\"a2\",\"x\":2},{\"x\":3}]}"));
    }

    @Test
    void anAgentsObjectKeyedByAgentIdIsFilteredByKey() {
        String data = "{\"total\":3,\"agents\":{\"a1\":{\"x\":1},\"a2\":{\"x\":2},\"a3\":{\"x\":3}}}";

        assertThat(apply(data, List.of("a1", "a3"), null))
                .isEqualTo(json("{\"total\":3,\"agents\":{\"a1\":{\"x\":1},\"a3\":{\"x\":3}}}"));
    }

    @Test
    void fieldsKeepOnlyTheListedKeysOfAnObject() {
        assertThat(apply("{\"throughput_tps\":100,\"error_rate\":0.01,\"cpu\":0.5}", null,
                List.of("throughput_tps", "cpu", "absent"))).isEqualTo(json("{\"throughput_tps\":100,\"cpu\":0.5}"));
    }

    @Test
    void fieldsKeepAgentIdInEveryRecordOfAnArray() {
        assertThat(apply(AGENTS, null, List.of("health_score"))).isEqualTo(json(
                "[{\"agent_id\":\"a1\",\"health_score\":90},{\"agent_id\":\"a2\",\"health_score\":80}]"));
    }

    @Test
    void aRecordLeftWithNoneOfTheListedKeysIsDropped() {
        assertThat(apply(AGENTS, null, List.of("note"))).isEqualTo(json("[{\"note\":\"summary\"}]"));
    }

    @Test
    void aMetricLeftWithNothingIsNotDelivered() {
        assertThat(apply("{\"throughput_tps\":100}", null, List.of("cpu"))).isNull();
        assertThat(apply(AGENTS, null, List.of("nowhere"))).isNull();
        assertThat(apply("{\"agent_id\":\"a1\",\"load\":1}", null, List.of("cpu"))).isNull();
    }

    @Test
    void agentAndFieldFiltersCombine() {
        assertThat(apply(AGENTS, List.of("a1"), List.of("load"))).isEqualTo(json(
                "[{\"agent_id\":\"a1\",\"load\":0.5},{\"load\":0.6}]"));
    }

    private static final MetricType SYSTEM = MetricTypes.builtIns().require("system");
    private static final MetricType AGENT = MetricTypes.builtIns().require("agent");
    private static final MetricType HERO = MetricTypes.builtIns().require("hero");

    /** Filters with {@code agentIds} and fields for system ({@code systemFields}) and agent ({@code agentFields}). */
    private static Filters perType(List<String> agentIds, List<String> systemFields, List<String> agentFields) {
        Map<MetricType, List<String>> byType = new LinkedHashMap<>();
        if (systemFields != null) {
            byType.put(SYSTEM, systemFields);
        }
        if (agentFields != null) {
            byType.put(AGENT, agentFields);
        }
        return Filters.of(agentIds, null, byType);
    }

    @Test
    void fieldsPerTypeProjectEachNamedTypeToItsOwnList() {
        Filters filters = perType(null, List.of("cpu"), List.of("health_score"));

        assertThat(DataFilter.apply(json("{\"throughput_tps\":100,\"cpu\":0.5}"), SYSTEM, filters))
                .isEqualTo(json("{\"cpu\":0.5}"));
        assertThat(DataFilter.apply(json(AGENTS), AGENT, filters)).isEqualTo(json(
                "[{\"agent_id\":\"a1\",\"health_score\":90},{\"agent_id\":\"a2\",\"health_score\":80}]"));
    }

    @Test
    void aTypeNotNamedInFieldsPerTypePassesWhole() {
        JsonNode hero = json("{\"cpu\":1,\"money_saved\":5}");

        assertThat(DataFilter.apply(hero, HERO, perType(null, List.of("cpu"), null))).isSameAs(hero);
        assertThat(DataFilter.apply(json(AGENTS), AGENT, perType(List.of("a2"), List.of("cpu"), null)))
                .as("its agent filter still applies").isEqualTo(json("[{\"agent_id\":\"a2\",\"load\":0.7,"
                        + "\"health_score\":80},{\"note\":\"summary\",\"load\":0.6}]"));
    }

    @Test
    void anEmptyListForATypeDeliversNothingOfThatType() {
        assertThat(DataFilter.apply(json(AGENTS), AGENT, perType(null, List.of("cpu"), List.of()))).isNull();
        assertThat(DataFilter.apply(json("{\"cpu\":1}"), SYSTEM, perType(null, List.of("cpu"), List.of())))
                .isEqualTo(json("{\"cpu\":1}"));
    }

    @Test
    void aListOfFieldsAppliesWhateverTheType() {
        Filters filters = Filters.of(null, List.of("cpu"));

        assertThat(DataFilter.apply(json("{\"cpu\":1,\"x\":2}"), HERO, filters)).isEqualTo(json("{\"cpu\":1}"));
        assertThat(DataFilter.apply(json("{\"cpu\":1,\"x\":2}"), filters)).isEqualTo(json("{\"cpu\":1}"));
    }

    @Test
    void fieldsPerTypeNeedTheMetricsType() {
        assertThatThrownBy(() -> DataFilter.apply(json(AGENTS), perType(null, List.of("cpu"), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
