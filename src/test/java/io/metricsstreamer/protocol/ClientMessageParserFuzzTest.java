package io.metricsstreamer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.testing.FuzzJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fuzzing tier of the protocol decoder: whatever text a client sends (random characters and bytes, JSON token
 * soup, truncated messages, values of the wrong type, deep nesting, huge numbers, random handshake queries), the
 * parser returns a message or refuses it with a {@link ProtocolException} whose code and message say what is wrong;
 * nothing else escapes it.
 */
class ClientMessageParserFuzzTest {
    /** A message of every type, valid, to truncate and to take apart. */
    static final List<String> VALID = List.of("{\"type\":\"subscribe\",\"metric_types\":[\"system\",\"agent\"]}",
            "{\"type\":\"unsubscribe\",\"metric_types\":[\"all\"]}",
            "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":{\"system\":[\"cpu\"]}}}",
            "{\"type\":\"set_update_interval\",\"interval_seconds\":0.5,\"mode\":\"latest\"}",
            "{\"type\":\"set_aggregation\",\"window_seconds\":2,\"function\":\"max\",\"functions\":{\"x\":\"sum\"}}",
            "{\"type\":\"replay\",\"since_seq\":10,\"epoch\":\"abc\"}",
            "{\"type\":\"replay\",\"since_seconds\":60}",
            "{\"type\":\"ping\",\"id\":[1,{\"a\":\"b\"}]}");
    /** Each message type with one member whose value the fuzzer replaces. */
    private static final List<String> SLOTS = List.of("{\"type\":\"subscribe\",\"metric_types\":%s}",
            "{\"type\":\"unsubscribe\",\"metric_types\":%s}", "{\"type\":\"set_filters\",\"filters\":%s}",
            "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":%s}}",
            "{\"type\":\"set_filters\",\"filters\":{\"fields\":%s}}",
            "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":%s}}}",
            "{\"type\":\"set_update_interval\",\"interval_seconds\":%s}",
            "{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":%s}",
            "{\"type\":\"set_aggregation\",\"window_seconds\":%s}",
            "{\"type\":\"set_aggregation\",\"window_seconds\":1,\"function\":%s}",
            "{\"type\":\"set_aggregation\",\"window_seconds\":1,\"functions\":%s}",
            "{\"type\":\"replay\",\"since_seq\":%s,\"epoch\":\"e\"}",
            "{\"type\":\"replay\",\"since_seq\":1,\"epoch\":%s}",
            "{\"type\":\"replay\",\"since_seconds\":%s}", "{\"type\":%s}", "{\"type\":\"ping\",\"id\":%s}", "%s");
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"type\"", "\"ping\"",
            "\"subscribe\"", "\"metric_types\"", "\"filters\"", "\"agent_ids\"", "\"fields\"", "\"interval_seconds\"",
            "\"replay\"", "\"since_seq\"", "\"epoch\"", "\"all\"", "\"system\"", "null", "true", "false", "0", "-1",
            "1e999", "-0.0", "1.5", "\"\\u0000\"", "\"\\ud800\"", "\"", "\\", " ", "\n", "NaN", "Infinity", "'x'",
            "/*c*/", "\uFEFF", "\u00e9");

    private final ClientMessageParser parser = new ClientMessageParser(MetricTypes.builtIns());

    /** Parses {@code text}; a refusal must be a ProtocolException with a code and a message, nothing else. */
    private ProtocolException outcome(String text) {
        Throwable thrown = catchThrowable(() -> assertThat(parser.parse(text)).isNotNull());
        if (thrown == null) {
            return null;
        }
        assertThat(thrown).as("what parsing %s threw", abbreviate(text)).isInstanceOf(ProtocolException.class);
        ProtocolException refusal = (ProtocolException) thrown;
        assertThat(refusal.code()).isNotNull();
        assertThat(refusal.getMessage()).isNotBlank();
        return refusal;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    @Property(tries = 2000)
    void anyTextIsParsedOrRefusedWithACode(@ForAll("texts") String text) {
        outcome(text);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        Arbitrary<String> soup = Arbitraries.of(TOKENS).list().ofMaxSize(40).map(t -> String.join("", t));
        return Arbitraries.oneOf(anyChars, anyBytes, soup);
    }

    @Property(tries = 1000)
    void aTruncatedMessageIsInvalidJson(@ForAll("truncations") String text) {
        assertThat(outcome(text)).as("refusal of %s", text).isNotNull()
                .extracting(ProtocolException::code).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Provide
    Arbitrary<String> truncations() {
        return Arbitraries.of(VALID).flatMap(m -> Arbitraries.integers().between(0, m.length() - 1)
                .map(n -> m.substring(0, n)));
    }

    @Property(tries = 3000)
    void aValueOfAnyShapeInAnyMemberIsTakenOrRefusedAsAMessageProblem(@ForAll("slotted") String text) {
        ProtocolException refusal = outcome(text);
        if (refusal != null) {
            assertThat(refusal.code()).as("refusal of %s: %s", text, refusal.getMessage())
                    .isIn(ErrorCode.INVALID_MESSAGE, ErrorCode.UNKNOWN_METRIC_TYPE, ErrorCode.UNKNOWN_MESSAGE_TYPE);
        }
    }

    @Provide
    Arbitrary<String> slotted() {
        return Combinators.combine(Arbitraries.of(SLOTS), FuzzJson.values(3))
                .as((slot, value) -> slot.replace("%s", value));
    }

    @Property(tries = 100)
    void deepNestingIsRefusedAsInvalidJsonPastSixtyFourLevelsWithoutExhaustingTheStack(
            @ForAll @IntRange(min = 1, max = 100_000) int depth, @ForAll boolean objects) {
        String open = objects ? "{\"a\":" : "[";
        String close = objects ? "}" : "]";
        String text = "{\"type\":\"ping\",\"id\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
        ProtocolException refusal = outcome(text);
        if (depth + 1 > 64) {
            assertThat(refusal).as("depth %d", depth).isNotNull();
            assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_JSON);
            assertThat(refusal.getMessage()).contains("nesting");
        } else {
            assertThat(refusal).as("depth %d", depth).isNull();
        }
    }

    @Example
    void aNumberOfThousandsOfDigitsIsRefusedNamingItsLength() {
        for (String slot : List.of("{\"type\":\"set_update_interval\",\"interval_seconds\":%s}",
                "{\"type\":\"replay\",\"since_seq\":%s,\"epoch\":\"e\"}", "{\"type\":\"ping\",\"id\":%s}")) {
            ProtocolException refusal = outcome(String.format(slot, "9".repeat(5_000)));
            assertThat(refusal).isNotNull();
            assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_JSON);
            assertThat(refusal.getMessage()).contains("length");
        }
    }

    @Property(tries = 500)
    void hugeAndTinyNumbersAreRefusedAsOutOfRangeNotAsFaults(@ForAll("hugeNumbers") String number) {
        for (String slot : List.of("{\"type\":\"set_update_interval\",\"interval_seconds\":%s}",
                "{\"type\":\"set_aggregation\",\"window_seconds\":%s}",
                "{\"type\":\"replay\",\"since_seq\":%s,\"epoch\":\"e\"}",
                "{\"type\":\"replay\",\"since_seconds\":%s}")) {
            ProtocolException refusal = outcome(String.format(slot, number));
            assertThat(refusal).as("%s in %s", number, slot).isNotNull();
            assertThat(refusal.code()).isIn(ErrorCode.INVALID_MESSAGE, ErrorCode.INVALID_JSON);
        }
    }

    @Provide
    Arbitrary<String> hugeNumbers() {
        Arbitrary<String> mantissa = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40)
                .filter(s -> s.charAt(0) != '0');
        Arbitrary<Integer> exponent = Arbitraries.integers().between(20, 2_000_000_000);
        return Combinators.combine(mantissa, exponent, Arbitraries.of("", "-")).as((m, e, sign) ->
                sign + m + "e" + e);
    }

    @Property(tries = 1000)
    void anyHandshakeQueryIsTakenOrRefusedWithACode(@ForAll("queries") Map<String, List<String>> query) {
        Throwable thrown = catchThrowable(() -> parser.connectQuery(query));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProtocolException.class);
            assertThat(thrown.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("metric_types", "agent_ids", "fields", "since_seq",
                "epoch", "since_seconds", "token", "x"), Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("", "all", "system,agent", ",", "1", "-1",
                "1e999", "NaN", "0.5", "9".repeat(30), "a".repeat(300)), Arbitraries.strings().ofMaxLength(30));
        return Arbitraries.maps(names, values.list().ofMinSize(1).ofMaxSize(3)).ofMaxSize(5);
    }
}
