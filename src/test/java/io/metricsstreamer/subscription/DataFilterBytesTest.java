package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases of {@link DataFilterBytes} that the property test does not single out. */
class DataFilterBytesTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static String view(String data, Filters filters) {
        byte[] out = DataFilterBytes.apply(data.getBytes(StandardCharsets.UTF_8), filters);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void keepsNumbersAsWrittenEvenBeyondADouble() {
        String data = "[{\"agent_id\":\"a1\",\"load\":1.50,\"huge\":1e400,\"big\":123456789012345678901234567890}]";

        // A tree would hold 1e400 as Infinity and write it as the string "Infinity".
        assertThat(view(data, Filters.of(List.of("a1"), List.of("load", "huge", "big")))).isEqualTo(data);
    }

    @Test
    void handsBackToTheTreeForAnAgentIdThatIsNotAString() {
        String data = "[{\"agent_id\":7,\"load\":1},{\"agent_id\":\"a1\",\"load\":2}]";

        assertThat(DataFilterBytes.apply(data.getBytes(StandardCharsets.UTF_8), Filters.of(List.of("7"), null)))
                .isSameAs(DataFilterBytes.USE_TREE);
        assertThat(view(data, Filters.of(null, List.of("load")))).as("no agent filter: the id is only kept")
                .isEqualTo(data);
    }

    @Test
    void readsDataWrittenWithWhitespace() throws Exception {
        String data = "{ \"agent_id\" : \"a1\" ,\n  \"agents\" : [ { \"agent_id\" : \"a2\", \"load\" : 1 } ,"
                + " { \"agent_id\" : \"a3\" } ] , \"load\" : \"x\" }";
        Filters filters = Filters.of(List.of("a1", "a3"), null);

        String view = view(data, filters);

        assertThat(PLAIN.readTree(view)).isEqualTo(DataFilter.apply(PLAIN.readTree(data), filters));
    }

    @Test
    void deliversNothingWhenEveryRecordGoes() {
        assertThat(view("[{\"agent_id\":\"a2\"}]", Filters.of(List.of("a1"), null))).isNull();
        assertThat(view("[]", Filters.of(List.of("a1"), null))).as("an empty array stays").isEqualTo("[]");
        assertThat(view("[]", Filters.of(null, List.of("load")))).as("but has no field to keep").isNull();
        assertThat(view("{\"cpu\":1}", Filters.of(null, List.of("load")))).isNull();
    }

    @Test
    void leavesDataThatIsNotUtf8ToTheTree() {
        byte[] utf16 = "[{\"agent_id\":\"a1\"}]".getBytes(StandardCharsets.UTF_16);

        assertThat(DataFilterBytes.index(utf16)).isNull();
        assertThat(DataFilterBytes.apply(utf16, Filters.of(List.of("a1"), null))).isSameAs(DataFilterBytes.USE_TREE);
    }

    @Test
    void projectsEachTypeToItsOwnFieldsAndPassesOthersWhole() {
        MetricTypes types = MetricTypes.builtIns();
        MetricType system = types.require("system");
        MetricType agent = types.require("agent");
        Map<MetricType, List<String>> byType = new LinkedHashMap<>();
        byType.put(system, List.of("cpu_usage"));
        byType.put(types.require("hero"), List.of());
        Filters filters = Filters.of(null, null, byType);
        String systemData = "{\"cpu_usage\":0.50,\"memory\":2}";
        String agentData = "[{\"agent_id\":\"a1\",\"cpu_usage\":1,\"load\":2}]";
        DataFilterBytes.Index index = DataFilterBytes.index(agentData.getBytes(StandardCharsets.UTF_8));
        byte[] agentBytes = agentData.getBytes(StandardCharsets.UTF_8);

        assertThat(new String(DataFilterBytes.apply(systemData.getBytes(StandardCharsets.UTF_8), system, filters),
                StandardCharsets.UTF_8)).isEqualTo("{\"cpu_usage\":0.50}");
        assertThat(DataFilterBytes.apply(agentBytes, agent, filters)).as("a type not named: the data itself")
                .isSameAs(agentBytes);
        assertThat(new String(DataFilterBytes.apply(index, agent, filters), StandardCharsets.UTF_8))
                .isEqualTo(agentData);
        assertThat(DataFilterBytes.apply(systemData.getBytes(StandardCharsets.UTF_8), types.require("hero"),
                filters)).as("an empty list keeps nothing of its type").isNull();
    }
}
