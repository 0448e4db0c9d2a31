package io.metricsstreamer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricsstreamer.aggregation.AggregateFunction;
import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientMessageParserTest {
    private final MetricTypes types = MetricTypes.of(List.of("custom"));
    private final ClientMessageParser parser = new ClientMessageParser(types);

    private ClientMessage parse(String json) throws ProtocolException {
        return parser.parse(json);
    }

    private ProtocolException refusal(String json) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> parser.parse(json));
        assertThat(e).as("refusal of %s", json).isNotNull();
        return e;
    }

    private List<MetricType> typesNamed(String... names) {
        return Arrays.stream(names).map(types::require).toList();
    }

    @Test
    void parsesSubscribeResolvingNamesCaseInsensitively() throws ProtocolException {
        ClientMessage m = parse("{\"type\":\"subscribe\",\"metric_types\":[\"SYSTEM\",\"Agent\",\"custom\"]}");

        assertThat(m).isEqualTo(new ClientMessage.Subscribe(false, typesNamed("system", "agent", "custom")));
    }

    @Test
    void parsesAllInAnyCaseAsTheAllFlag() throws ProtocolException {
        assertThat(parse("{\"type\":\"subscribe\",\"metric_types\":[\"ALL\",\"hero\"]}"))
                .isEqualTo(new ClientMessage.Subscribe(true, typesNamed("hero")));
        assertThat(parse("{\"type\":\"unsubscribe\",\"metric_types\":[\"all\"]}"))
                .isEqualTo(new ClientMessage.Unsubscribe(true, List.of()));
    }

    @Test
    void subscribeWithoutMetricTypesMeansAll() throws ProtocolException {
        assertThat(parse("{\"type\":\"subscribe\"}")).isEqualTo(new ClientMessage.Subscribe(true, List.of()));
    }

    @Test
    void parsesUnsubscribe() throws ProtocolException {
        assertThat(parse("{\"type\":\"unsubscribe\",\"metric_types\":[\"business\"]}"))
                .isEqualTo(new ClientMessage.Unsubscribe(false, typesNamed("business")));
    }

    @Test
    void shouldRefuseUnsubscribeWithoutMetricTypes() {
        assertThat(refusal("{\"type\":\"unsubscribe\"}").code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void shouldRejectUnknownMetricTypeListingTheValidTypes() {
        for (String type : List.of("subscribe", "unsubscribe")) {
            ProtocolException e = refusal("{\"type\":\"" + type + "\",\"metric_types\":[\"system\",\"cpu\"]}");

            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_METRIC_TYPE);
            assertThat(e.getMessage()).contains("cpu").contains("all, system, agent, business, hero, presentation, "
                    + "custom");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"subscribe\",\"metric_types\":\"system\"}",
        "{\"type\":\"subscribe\",\"metric_types\":[1]}",
        "{\"type\":\"subscribe\",\"metric_types\":null}",
        "{\"type\":\"subscribe\",\"metric_type\":[\"system\"]}",
        "{\"type\":\"unsubscribe\",\"metric_types\":[\"system\",null]}"
    })
    void shouldRefuseMalformedMetricTypeLists(String json) {
        assertThat(refusal(json).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void parsesSetFiltersWithBothFilters() throws ProtocolException {
        assertThat(parse("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":[\"x\",\"y\"]}}"))
                .isEqualTo(new ClientMessage.SetFilters(List.of("a1"), List.of("x", "y")));
    }

    @Test
    void takesFilterListsUpToTheLimitAndRefusesLongerOnesNamingTheList() throws ProtocolException {
        int max = ClientMessageParser.MAX_FILTER_VALUES;
        assertThat(parse(setFilters("agent_ids", max, 8))).isInstanceOf(ClientMessage.SetFilters.class);

        ProtocolException e = refusal(setFilters("agent_ids", max + 1, 8));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("filters.agent_ids").contains(String.valueOf(max + 1))
                .contains("at most " + max);
        assertThat(refusal(setFilters("fields", 4_000, 4)).getMessage()).contains("filters.fields");
    }

    @Test
    void takesFilterValuesUpToTheLengthLimitAndRefusesLongerOnes() throws ProtocolException {
        int max = ClientMessageParser.MAX_FILTER_VALUE_LENGTH;
        assertThat(parse(setFilters("fields", 3, max))).isInstanceOf(ClientMessage.SetFilters.class);

        ProtocolException e = refusal(setFilters("fields", 3, max + 1));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("filters.fields").contains("at most " + max + " characters");
    }

    /** A set_filters whose {@code list} holds {@code count} distinct values of {@code length} characters. */
    private static String setFilters(String list, int count, int length) {
        StringBuilder b = new StringBuilder("{\"type\":\"set_filters\",\"filters\":{\"").append(list).append("\":[");
        for (int i = 0; i < count; i++) {
            String n = Integer.toString(i);
            b.append(i == 0 ? "" : ",").append('"').append("x".repeat(Math.max(0, length - n.length()))).append(n)
                    .append('"');
        }
        return b.append("]}}").toString();
    }

    @Test
    void parsesEmptyFiltersAsClearingAndEmptyListsAsPresent() throws ProtocolException {
        assertThat(parse("{\"type\":\"set_filters\",\"filters\":{}}"))
                .isEqualTo(new ClientMessage.SetFilters(null, null));
        assertThat(parse("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[]}}"))
                .isEqualTo(new ClientMessage.SetFilters(List.of(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"set_filters\"}",
        "{\"type\":\"set_filters\",\"filters\":[]}",
        "{\"type\":\"set_filters\",\"filters\":{\"agent\":[\"a1\"]}}",
        "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":\"a1\"}}",
        "{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"x\",2]}}",
        "{\"type\":\"set_filters\",\"filters\":{\"fields\":[{\"x\":1}]}}"
    })
    void shouldRefuseFiltersThatAreNotListsOfStringsUnderKnownKeys(String json) {
        assertThat(refusal(json).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.1", "1", "2.5", "60", "60.0", "0.0"})
    void acceptsIntervalsOfZeroOrPointOneToSixty(String value) throws ProtocolException {
        ClientMessage m = parse("{\"type\":\"set_update_interval\",\"interval_seconds\":" + value + "}");

        assertThat(m).isEqualTo(new ClientMessage.SetUpdateInterval(Double.parseDouble(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0.05", "0.0999", "60.5", "61", "1e400", "\"1\"", "true", "null", "[1]", "{}"})
    void shouldRefuseIntervalsOutsideTheRuleTable(String value) {
        ProtocolException e = refusal("{\"type\":\"set_update_interval\",\"interval_seconds\":" + value + "}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("interval_seconds");
    }

    @Test
    void parsesTheModeOfAnUpdateIntervalAllByDefault() throws ProtocolException {
        assertThat(parse("{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":\"latest\"}"))
                .isEqualTo(new ClientMessage.SetUpdateInterval(1, true));
        assertThat(parse("{\"type\":\"set_update_interval\",\"interval_seconds\":0,\"mode\":\"latest\"}"))
                .isEqualTo(new ClientMessage.SetUpdateInterval(0, true));
        assertThat(parse("{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":\"all\"}"))
                .isEqualTo(new ClientMessage.SetUpdateInterval(1, false));
        assertThat(parse("{\"type\":\"set_update_interval\",\"interval_seconds\":1}"))
                .isEqualTo(new ClientMessage.SetUpdateInterval(1, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"LATEST\"", "\"newest\"", "1", "null", "true", "[\"latest\"]"})
    void refusesAnUnknownModeNamingTheValidOnes(String mode) {
        ProtocolException e = refusal("{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":" + mode
                + "}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("'mode'", "latest", "all");
    }

    @Test
    void parsesSetAggregationWithItsDefaultsOverridesAndOff() throws ProtocolException {
        assertThat(parse("{\"type\":\"set_aggregation\",\"window_seconds\":5}")).isEqualTo(
                new ClientMessage.SetAggregation(new AggregationSpec(5, AggregateFunction.AVG, Map.of())));
        ClientMessage.SetAggregation m = (ClientMessage.SetAggregation) parse("{\"type\":\"set_aggregation\","
                + "\"window_seconds\":0.1,\"function\":\"last\",\"functions\":{\"b\":\"sum\",\"a\":\"min\"}}");
        assertThat(m.spec().function()).isEqualTo(AggregateFunction.LAST);
        assertThat(m.spec().functions().keySet()).as("in the order given").containsExactly("b", "a");
        assertThat(parse("{\"type\":\"set_aggregation\",\"window_seconds\":0}"))
                .isEqualTo(new ClientMessage.SetAggregation(null));
        assertThat(parse("{\"type\":\"set_aggregation\",\"window_seconds\":3600}")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"function\":\"max\"}", "{\"window_seconds\":\"5\"}", "{\"window_seconds\":-1}",
        "{\"window_seconds\":0.09}",
        "{\"window_seconds\":3601}", "{\"window_seconds\":1,\"function\":\"AVG\"}",
        "{\"window_seconds\":1,\"function\":null}", "{\"window_seconds\":1,\"functions\":[\"max\"]}",
        "{\"window_seconds\":1,\"functions\":{\"x\":\"p99\"}}", "{\"window_seconds\":1,\"functions\":{\"\":\"max\"}}",
        "{\"window_seconds\":1,\"window\":2}"})
    void refusesAnInvalidAggregation(String body) {
        ProtocolException e = refusal("{\"type\":\"set_aggregation\"," + body.substring(1));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void shouldRefuseAMissingInterval() {
        assertThat(refusal("{\"type\":\"set_update_interval\"}").code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void parsesReplayBySeqWithItsEpochAndBySeconds() throws ProtocolException {
        assertThat(parse("{\"type\":\"replay\",\"since_seq\":42,\"epoch\":\"ab12\"}"))
                .isEqualTo(new ClientMessage.ReplaySinceSeq(42, "ab12"));
        assertThat(parse("{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"ab12\",\"id\":7}"))
                .isEqualTo(new ClientMessage.ReplaySinceSeq(0, "ab12"));
        assertThat(parse("{\"type\":\"replay\",\"since_seconds\":300}"))
                .isEqualTo(new ClientMessage.ReplaySinceSeconds(300));
        assertThat(parse("{\"type\":\"replay\",\"since_seconds\":0.5}"))
                .isEqualTo(new ClientMessage.ReplaySinceSeconds(0.5));
        assertThat(parse("{\"type\":\"replay\",\"since_seconds\":86400}"))
                .isEqualTo(new ClientMessage.ReplaySinceSeconds(86400));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"replay\"}",
        "{\"type\":\"replay\",\"since_seq\":1,\"epoch\":\"e\",\"since_seconds\":5}",
        "{\"type\":\"replay\",\"since_seq\":-1,\"epoch\":\"e\"}",
        "{\"type\":\"replay\",\"since_seq\":1.5,\"epoch\":\"e\"}",
        "{\"type\":\"replay\",\"since_seq\":\"12\",\"epoch\":\"e\"}",
        "{\"type\":\"replay\",\"since_seq\":null,\"epoch\":\"e\"}",
        "{\"type\":\"replay\",\"since_seq\":99999999999999999999999,\"epoch\":\"e\"}",
        "{\"type\":\"replay\",\"since_seq\":5}",
        "{\"type\":\"replay\",\"since_seq\":5,\"epoch\":7}",
        "{\"type\":\"replay\",\"since_seq\":5,\"epoch\":\"\"}",
        "{\"type\":\"replay\",\"since_seconds\":0}",
        "{\"type\":\"replay\",\"since_seconds\":-3}",
        "{\"type\":\"replay\",\"since_seconds\":86401}",
        "{\"type\":\"replay\",\"since_seconds\":\"60\"}",
        "{\"type\":\"replay\",\"since_seconds\":60,\"epoch\":\"e\"}",
        "{\"type\":\"replay\",\"since_seconds\":60,\"from\":1}"
    })
    void shouldRefuseReplaysWithNeitherOrBothPositionsOrABadOne(String json) {
        ProtocolException e = refusal(json);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).containsAnyOf("since_seq", "since_seconds", "epoch", "unknown field");
    }

    @Test
    void readsAReplayFromAWebSocketUrlsQueryAsTheMessageWouldBe() throws ProtocolException {
        assertThat(parser.replayQuery(Map.of("since_seq", List.of("42"), "epoch", List.of("ab12"))))
                .isEqualTo(new ClientMessage.ReplaySinceSeq(42, "ab12"));
        assertThat(parser.replayQuery(Map.of("since_seconds", List.of("300"), "token", List.of("x"))))
                .isEqualTo(new ClientMessage.ReplaySinceSeconds(300));
        assertThat(parser.replayQuery(Map.of("since_seconds", List.of("2.5"))))
                .isEqualTo(new ClientMessage.ReplaySinceSeconds(2.5));
        assertThat(parser.replayQuery(Map.of("ws", List.of("ws://x/ws")))).as("no replay asked").isNull();
    }

    @Test
    void readsTheSubscriptionFiltersAndReplayAUrlAsksForAtConnectInTheOrderAClientWouldSendThem()
            throws ProtocolException {
        List<ClientMessage> messages = parser.connectQuery(new QueryDecoder(
                "since_seconds=60&fields=load,mem&metric_types=system&metric_types=custom&agent_ids=a1&x=y")
                .parameters());

        assertThat(messages).containsExactly(new ClientMessage.Subscribe(false, typesNamed("system", "custom")),
                new ClientMessage.SetFilters(List.of("a1"), List.of("load", "mem")),
                new ClientMessage.ReplaySinceSeconds(60));
        assertThat(parser.connectQuery(Map.of("ws", List.of("x")))).isEmpty();
        assertThat(refusalOf(() -> parser.connectQuery(Map.of("metric_types", List.of("system,nope")))).code())
                .isEqualTo(ErrorCode.UNKNOWN_METRIC_TYPE);
    }

    private static ProtocolException refusalOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, call);
        assertThat(e).isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"since_seq=1", "since_seq=x&epoch=e", "since_seq=1.5&epoch=e", "since_seq=-2&epoch=e",
        "since_seq=1&epoch=e&since_seconds=3", "since_seconds=NaN", "since_seconds=Infinity", "since_seconds=1e9",
        "since_seconds=5d", "since_seconds=", "epoch=e", "since_seq=1&since_seq=2&epoch=e"})
    void refusesAnInvalidReplayInAUrlsQuery(String query) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> parser.replayQuery(new QueryDecoder(query).parameters()));

        assertThat(e).as(query).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    /** A query string split as a URL decoder splits it (no Netty in this package's tests). */
    private record QueryDecoder(String query) {
        Map<String, List<String>> parameters() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                out.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
            }
            return out;
        }
    }

    @Test
    void anEpochLongerThanAnyServerWouldNameIsRefused() {
        String epoch = "e".repeat(ClientMessageParser.MAX_EPOCH_LENGTH + 1);

        assertThat(refusal("{\"type\":\"replay\",\"since_seq\":1,\"epoch\":\"" + epoch + "\"}").getMessage())
                .contains("epoch").hasSizeLessThan(300);
    }

    @Test
    void parsesPingWithAndWithoutId() throws ProtocolException {
        assertThat(parse("{\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping(null));
        ClientMessage.Ping p = (ClientMessage.Ping) parse("{\"type\":\"ping\",\"id\":{\"n\":7}}");
        assertThat(p.id()).isEqualTo("{\"n\":7}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1E-999999999", "12345678901234567890123456789", "0.1000", "-0.0", "7",
        "\"abc\"", "\"\"", "\"\\u00e9 \\\" \\n \u00e9\"", "null", "true", "false", "[]", "{}",
        "[1, \"two\", {\"three\": [3.0e0]}]", "{ \"a\" : 1e999 , \"b\":null }"})
    void aPingsIdIsItsJsonTextExactlyAsWritten(String id) throws ProtocolException {
        assertThat(parse("{\"type\":\"ping\",\"id\":" + id + "}")).isEqualTo(new ClientMessage.Ping(id));
        assertThat(parse("{\"id\" :  " + id + "  ,\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping(id));
        assertThat(parse(" {\"type\":\"ping\",\n\"id\":\t" + id + "\r\n}\n")).isEqualTo(new ClientMessage.Ping(id));
    }

    @Test
    void aPingsIdIsFoundAfterNestedIdsOfOtherFields() throws ProtocolException {
        String text = "{\"type\":\"ping\",\"x\":{\"id\":1}}";
        assertThat(refusal(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(parse("{\"type\":\"ping\",\"id\":[{\"id\":1}]}")).isEqualTo(new ClientMessage.Ping("[{\"id\":1}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.0", "-0", "0e5", "1e-400"})
    void anIntervalThatIsZeroIsPositiveZero(String value) throws ProtocolException {
        ClientMessage m = parse("{\"type\":\"set_update_interval\",\"interval_seconds\":" + value + "}");

        assertThat(m).isEqualTo(new ClientMessage.SetUpdateInterval(0.0));
    }

    @Test
    void acceptsAnIdOnEveryMessageType() throws ProtocolException {
        assertThat(parse("{\"type\":\"subscribe\",\"id\":1,\"metric_types\":[\"hero\"]}"))
                .isInstanceOf(ClientMessage.Subscribe.class);
        assertThat(parse("{\"type\":\"set_update_interval\",\"id\":\"x\",\"interval_seconds\":0}"))
                .isInstanceOf(ClientMessage.SetUpdateInterval.class);
    }

    @Test
    void shouldRefuseUnknownFieldsNamingThem() {
        ProtocolException e = refusal("{\"type\":\"ping\",\"payload\":1}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"type\":\"ping\"} trailing", "{\"type\":\"ping\",\"type\":\"ping\"}",
        "{'type':'ping'}"})
    void shouldRefuseInvalidJson(String text) {
        assertThat(refusal(text).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimitAsInvalidJson() {
        int depth = Json.MAX_NESTING_DEPTH + 5;
        String deep = "{\"type\":\"ping\",\"id\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

        assertThat(refusal(deep).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void shouldRefuseEmptyTextAsInvalidJson(String text) {
        assertThat(refusal(text).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "42", "\"ping\"", "{}", "{\"type\":7}", "{\"type\":null}"})
    void shouldRefuseJsonThatIsNotAMessageObjectWithAStringType(String text) {
        assertThat(refusal(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "Subscribe", "PING", "set_filter"})
    void shouldRejectUnknownMessageTypesListingTheValidOnes(String type) {
        ProtocolException e = refusal("{\"type\":\"" + type + "\"}");

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
        assertThat(e.getMessage()).contains(type).contains("subscribe, unsubscribe, set_filters, set_update_interval, "
                + "set_aggregation, replay, ping, refresh");
    }

    @Test
    void errorCodesHaveTheirWireNames() {
        assertThat(List.of(ErrorCode.values())).extracting(ErrorCode::wire)
                .containsExactly("invalid_json", "unknown_message_type", "invalid_message", "unknown_metric_type",
                        "invalid_token", "forbidden", "rate_limited");
    }

    @Test
    void parsesRefreshWithItsTokenWhichNoStringFormShows() throws ProtocolException {
        ClientMessage m = parse("{\"type\":\"refresh\",\"token\":\"aaa.bbb.ccc\",\"id\":3}");

        assertThat(m).isEqualTo(new ClientMessage.Refresh("aaa.bbb.ccc"));
        assertThat(m.toString()).doesNotContain("aaa.bbb.ccc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"refresh\"}", "{\"type\":\"refresh\",\"token\":\"\"}",
        "{\"type\":\"refresh\",\"token\":\"  \"}", "{\"type\":\"refresh\",\"token\":42}",
        "{\"type\":\"refresh\",\"token\":[\"a.b.c\"]}", "{\"type\":\"refresh\",\"token\":\"a.b.c\",\"tokens\":1}"})
    void shouldRefuseARefreshWithoutOneTokenString(String text) {
        ProtocolException e = refusal(text);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("token");
    }

    @Test
    void theUrlsTokenIsNoConnectParameter() throws ProtocolException {
        assertThat(parser.connectQuery(Map.of(ClientMessageParser.TOKEN_QUERY, List.of("a.b.c")))).isEmpty();
    }
}
