package io.metricsstreamer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §9, fields per type: {@code set_filters} with {@code fields} as an object of metric type names to lists. */
class ClientMessageParserFieldsPerTypeTest {
    private final MetricTypes types = MetricTypes.of(List.of("custom"));
    private final ClientMessageParser parser = new ClientMessageParser(types);

    private ClientMessage.SetFilters parse(String filters) throws ProtocolException {
        return (ClientMessage.SetFilters) parser.parse("{\"type\":\"set_filters\",\"filters\":" + filters + "}");
    }

    private ProtocolException refusal(String filters) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> parse(filters));
        assertThat(e).as("refusal of %s", filters).isNotNull();
        return e;
    }

    @Test
    void parsesFieldsAsAnObjectOfTypeNamesToListsInTheOrderSent() throws ProtocolException {
        ClientMessage.SetFilters f = parse("{\"agent_ids\":[\"a1\"],"
                + "\"fields\":{\"system\":[\"cpu_usage\"],\"agent\":[\"load\",\"load\"],\"hero\":[]}}");

        Map<MetricType, List<String>> expected = new LinkedHashMap<>();
        expected.put(types.require("system"), List.of("cpu_usage"));
        expected.put(types.require("agent"), List.of("load", "load"));
        expected.put(types.require("hero"), List.of());
        assertThat(f).isEqualTo(new ClientMessage.SetFilters(List.of("a1"), null, expected));
        assertThat(f.fieldsByType().keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(f.fields()).isNull();
    }

    @Test
    void resolvesTypeNamesCaseInsensitivelyRegisteredTypesToo() throws ProtocolException {
        ClientMessage.SetFilters f = parse("{\"fields\":{\"SYSTEM\":[\"a\"],\"Custom\":[\"b\"]}}");

        assertThat(f.fieldsByType()).containsExactly(Map.entry(types.require("system"), List.of("a")),
                Map.entry(types.require("custom"), List.of("b")));
    }

    @Test
    void anEmptyObjectIsParsedAsNoTypeNamed() throws ProtocolException {
        assertThat(parse("{\"fields\":{}}")).isEqualTo(new ClientMessage.SetFilters(null, null, Map.of()));
    }

    @Test
    void aListOfFieldsIsStillOneListForEveryType() throws ProtocolException {
        assertThat(parse("{\"fields\":[\"x\"]}")).isEqualTo(new ClientMessage.SetFilters(null, List.of("x"), null));
    }

    @Test
    void refusesUnknownTypeNamesListingEachAndTheValidTypes() {
        ProtocolException e = refusal("{\"fields\":{\"system\":[\"a\"],\"cpu\":[\"b\"],\"nope\":[]}}");

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_METRIC_TYPE);
        assertThat(e.getMessage()).contains("[cpu, nope]").contains("filters.fields")
                .endsWith("valid types: system, agent, business, hero, presentation, custom");
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "ALL", "All"})
    void refusesAllWhichIsNoTypeHereSayingToSendAList(String all) {
        ProtocolException e = refusal("{\"fields\":{\"system\":[\"a\"],\"" + all + "\":[\"b\"]}}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("'all' is not one here").contains("as a list");
    }

    @Test
    void refusesATypeNamedTwiceInDifferentCases() {
        ProtocolException e = refusal("{\"fields\":{\"system\":[\"a\"],\"SYSTEM\":[\"b\"]}}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("'system' twice").contains("'SYSTEM'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"fields\":{\"system\":\"cpu\"}}",
        "{\"fields\":{\"system\":[1]}}",
        "{\"fields\":{\"system\":[\"a\",null]}}",
        "{\"fields\":{\"system\":null}}",
        "{\"fields\":{\"system\":{\"cpu\":[]}}}",
        "{\"fields\":{\"nope\":5}}",
        "{\"fields\":\"cpu\"}",
        "{\"fields\":5}",
        "{\"fields\":null}",
        "{\"fields\":true}"
    })
    void refusesValuesThatAreNotListsOfStringsBeforeLookingAtNames(String filters) {
        ProtocolException e = refusal(filters);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("'filters.fields");
    }

    @Test
    void namesTheTypesListInAShapeError() {
        assertThat(refusal("{\"fields\":{\"agent\":[true]}}").getMessage())
                .isEqualTo("'filters.fields.agent' must be a list of strings; found boolean true");
        assertThat(refusal("{\"fields\":7}").getMessage()).isEqualTo("'filters.fields' must be a list of strings, "
                + "or an object from metric type names to lists of strings");
    }

    @Test
    void takesUpToTheLimitOfValuesInAllTheListsTogether() throws ProtocolException {
        int max = ClientMessageParser.MAX_FILTER_VALUES;
        int half = max / 2;
        assertThat(parse("{\"fields\":{\"system\":" + values(half, 4) + ",\"agent\":" + values(max - half, 4) + "}}")
                .fieldsByType()).hasSize(2);

        ProtocolException e = refusal("{\"fields\":{\"system\":" + values(half, 4) + ",\"agent\":"
                + values(max - half + 1, 4) + "}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).isEqualTo("'filters.fields' has " + (max + 1) + " values in all its lists; at most "
                + max);
        assertThat(refusal("{\"fields\":{\"system\":" + values(max + 1, 4) + "}}").getMessage())
                .contains("'filters.fields.system' has " + (max + 1) + " values");
    }

    @Test
    void takesValuesUpToTheLengthLimitAndRefusesLongerOnesNamingTheList() throws ProtocolException {
        int max = ClientMessageParser.MAX_FILTER_VALUE_LENGTH;
        assertThat(parse("{\"fields\":{\"hero\":" + values(2, max) + "}}").fieldsByType()).hasSize(1);

        ProtocolException e = refusal("{\"fields\":{\"hero\":" + values(2, max + 1) + "}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("'filters.fields.hero'").contains("at most " + max + " characters");
    }

    /** A JSON list of {@code count} distinct strings of {@code length} characters. */
    private static String values(int count, int length) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            String n = Integer.toString(i);
            b.append(i == 0 ? "" : ",").append('"').append("x".repeat(Math.max(0, length - n.length()))).append(n)
                    .append('"');
        }
        return b.append(']').toString();
    }
}
