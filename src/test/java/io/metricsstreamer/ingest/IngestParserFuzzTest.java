package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.testing.FuzzJson;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fuzzing tier of the HTTP ingest parser ({@code POST /api/metrics} bodies): random bytes, JSON token soup,
 * truncated bodies, members of the wrong type, deep nesting and huge numbers are either published whole or refused
 * with an {@link IngestException} naming the problem; nothing else escapes the parser.
 */
class IngestParserFuzzTest {
    private static final Instant NOW = Instant.parse("2024-06-01T10:00:00Z");
    private static final List<String> VALID = List.of(
            "{\"metric_type\":\"system\",\"data\":{\"cpu\":0.5,\"n\":[1,2,{\"a\":null}]}}",
            "[{\"metric_type\":\"agent\",\"timestamp\":\"2024-01-01T12:00:00+02:00\","
                    + "\"data\":[{\"agent_id\":\"a1\",\"x\":1}]},{\"metric_type\":\"hero\",\"data\":{}}]",
            "{\"metric_type\":\"business\",\"timestamp\":null,\"data\":[]}");
    private static final List<String> SLOTS = List.of("{\"metric_type\":%s,\"data\":{}}",
            "{\"metric_type\":\"system\",\"data\":%s}", "{\"metric_type\":\"system\",\"timestamp\":%s,\"data\":{}}",
            "{\"metric_type\":\"system\",\"data\":{\"v\":%s}}", "{\"metric_type\":\"agent\",\"data\":[%s]}",
            "[%s]", "%s", "{\"metric_type\":\"system\",\"seq\":%s,\"data\":{}}");
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"metric_type\"", "\"data\"",
            "\"timestamp\"", "\"system\"", "\"agent\"", "\"2024-01-01T00:00:00Z\"", "null", "true", "1e999", "-0",
            "\"", "\\", " ", "\uFEFF", "\u00e9", "\"\\ud800\"", "NaN", "'a'");

    private final IngestParser parser = new IngestParser(MetricTypes.builtIns());

    /** Parses {@code body}; a refusal must be an IngestException with a message, nothing else. */
    private IngestException outcome(byte[] body) {
        Throwable thrown = catchThrowable(() -> {
            List<MetricEnvelope> published = parser.parse(body, NOW);
            assertThat(published).doesNotContainNull();
        });
        if (thrown == null) {
            return null;
        }
        assertThat(thrown).as("what parsing %s threw", abbreviate(body)).isInstanceOf(IngestException.class);
        assertThat(thrown.getMessage()).isNotBlank();
        return (IngestException) thrown;
    }

    private IngestException outcome(String body) {
        return outcome(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + body.length + " bytes)";
    }

    @Property(tries = 2000)
    void anyBytesArePublishedOrRefusedNamingTheProblem(@ForAll("bodies") byte[] body) {
        outcome(body);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> anyChars = Arbitraries.strings().all().ofMaxLength(300)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> soup = Arbitraries.of(TOKENS).list().ofMaxSize(40)
                .map(t -> String.join("", t).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> otherEncodings = Combinators.combine(Arbitraries.of(VALID),
                Arbitraries.of("UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "ISO-8859-1"))
                .as((v, charset) -> v.getBytes(Charset.forName(charset)));
        return Arbitraries.oneOf(anyBytes, anyChars, soup, otherEncodings);
    }

    @Property(tries = 1000)
    void aTruncatedBodyIsRefusedAsInvalidJson(@ForAll("truncations") String body) {
        IngestException refusal = outcome(body);
        assertThat(refusal).as("refusal of %s", body).isNotNull();
        assertThat(refusal.getMessage()).matches("body (is not valid JSON|is empty).*");
    }

    @Provide
    Arbitrary<String> truncations() {
        return Arbitraries.of(VALID).flatMap(m -> Arbitraries.integers().between(0, m.length() - 1)
                .map(n -> m.substring(0, n)));
    }

    @Property(tries = 3000)
    void aValueOfAnyShapeInAnyMemberIsPublishedOrRefused(@ForAll("slotted") String body) {
        outcome(body);
    }

    @Provide
    Arbitrary<String> slotted() {
        return Combinators.combine(Arbitraries.of(SLOTS),
                FuzzJson.values(3))
                .as((slot, value) -> slot.replace("%s", value));
    }

    @Property(tries = 100)
    void deepNestingInDataIsRefusedPastSixtyFourLevelsWithoutExhaustingTheStack(
            @ForAll @IntRange(min = 1, max = 100_000) int depth) {
        String body = "{\"metric_type\":\"system\",\"data\":{\"v\":" + "[".repeat(depth) + "]".repeat(depth) + "}}";
        IngestException refusal = outcome(body);
        if (depth + 2 > 64) {
            assertThat(refusal).as("depth %d", depth).isNotNull();
            assertThat(refusal.getMessage()).contains("nesting");
        } else {
            assertThat(refusal).as("depth %d", depth).isNull();
        }
    }

    @Example
    void hugeNumbersInDataArePublishedDigitForDigitOrRefusedByLength() throws Exception {
        for (String number : List.of("1e999999999", "-1e-999999999", "9".repeat(900), "0." + "1".repeat(900),
                "123456789012345678901234567890")) {
            List<MetricEnvelope> published = parser.parse(("{\"metric_type\":\"system\",\"data\":{\"v\":" + number
                    + "}}").getBytes(StandardCharsets.UTF_8), NOW);
            assertThat(new String(published.get(0).dataJson(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"v\":" + number + "}");
        }
        IngestException refusal = outcome("{\"metric_type\":\"system\",\"data\":{\"v\":" + "9".repeat(5_000) + "}}");
        assertThat(refusal).isNotNull();
        assertThat(refusal.getMessage()).startsWith("body is not valid JSON").contains("length");
    }

    @Property(tries = 500)
    void anyTimestampTextIsTakenOrRefusedNamingIt(@ForAll("timestamps") String timestamp) {
        IngestException refusal = outcome("{\"metric_type\":\"system\",\"timestamp\":"
                + FuzzJson.quoted(timestamp) + ",\"data\":{}}");
        if (refusal != null) {
            assertThat(refusal.getMessage()).contains("timestamp");
        }
    }

    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<String> mutated = Arbitraries.of("2024-01-01T12:00:00Z", "2024-01-01T12:00:00.123456789+02:00",
                "2024-01-01T12:00:00", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z")
                .flatMap(t -> Arbitraries.integers().between(0, t.length() - 1).flatMap(i ->
                        Arbitraries.chars().map(c -> t.substring(0, i) + c + t.substring(i + 1))));
        return Arbitraries.oneOf(mutated, Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("99999-01-01T00:00:00Z", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
                        "2024-01-01T24:00:00Z", "2024-01-01T12:00:00+25:00", "2024-01-01T12:00:00.Z", ""));
    }
}
