package io.metricsstreamer.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void formatsInUtcWithZAndSixFractionDigits() {
        assertThat(Timestamps.format(Instant.parse("2024-01-01T12:00:00.123456Z")))
                .isEqualTo("2024-01-01T12:00:00.123456Z");
    }

    @Test
    void formatsWholeSecondsStillWithSixFractionDigits() {
        assertThat(Timestamps.format(Instant.parse("2024-01-01T12:00:00Z"))).isEqualTo("2024-01-01T12:00:00.000000Z");
    }

    @Test
    void formatTruncatesNanosecondsToMicroseconds() {
        assertThat(Timestamps.format(Instant.parse("2024-01-01T12:00:00.123456789Z")))
                .isEqualTo("2024-01-01T12:00:00.123456Z");
    }

    @ParameterizedTest(name = "{0} is the instant {1}")
    @CsvSource({
        "2024-01-01T12:00:00.123456Z,      2024-01-01T12:00:00.123456Z",
        "2024-01-01T13:00:00.5+01:00,      2024-01-01T12:00:00.500Z",
        "2024-01-01T07:30:00-04:30,        2024-01-01T12:00:00Z",
        "2024-01-01T12:00:00.123456,       2024-01-01T12:00:00.123456Z",
        "2024-01-01T12:00:00,              2024-01-01T12:00:00Z",
        "2024-01-01T12:00,                 2024-01-01T12:00:00Z",
        "2024-01-01T12:00:00+01:00[Europe/Paris], 2024-01-01T11:00:00Z"
    })
    void parsesOffsetsAsTheSameInstantAndNoZoneAsUtc(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void parseTruncatesBeyondMicroseconds() {
        assertThat(Timestamps.parse("2024-01-01T12:00:00.1234567Z")).isEqualTo("2024-01-01T12:00:00.123456Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-01-01", "12:00:00", "2024-13-01T12:00:00Z",
        "2024-01-01 12:00:00Z", "1704110400"})
    void shouldRejectMalformedTimestampsNamingTheText(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Timestamps.parse(text))
                .withMessageContaining("malformed timestamp '" + text + "'");
    }

    @Property
    void formatThenParseKeepsTheInstantToTheMicrosecond(
            @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long epochSecond,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);

        String wire = Timestamps.format(instant);

        assertThat(wire).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
        assertThat(Timestamps.parse(wire)).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** The wire form as {@code java.time} writes it: the oracle of the digit-by-digit formatting. */
    private static final DateTimeFormatter ORACLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Property
    void formatWritesWhatTheJavaTimeFormatterWrites(
            @ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long epochSecond,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);

        assertThat(Timestamps.format(instant)).isEqualTo(ORACLE.format(instant.truncatedTo(ChronoUnit.MICROS)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "-0001-12-31T23:59:59.5Z",
        "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z",
        "2100-03-01T00:00:00.000001Z"})
    void formatAtTheEdgesOfTheFourDigitYearsWritesWhatJavaTimeWrites(String text) {
        Instant instant = Instant.parse(text);

        assertThat(Timestamps.format(instant)).isEqualTo(ORACLE.format(instant.truncatedTo(ChronoUnit.MICROS)));
    }

    /** {@code java.time}'s reading of {@code text}: the oracle of the digit-by-digit parse; null when it refuses. */
    private static Instant oracle(String text) {
        try {
            java.time.temporal.TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
                    java.time.OffsetDateTime::from, java.time.LocalDateTime::from);
            Instant i = t instanceof java.time.OffsetDateTime o ? o.toInstant()
                    : ((java.time.LocalDateTime) t).toInstant(ZoneOffset.UTC);
            return i.truncatedTo(ChronoUnit.MICROS);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    @Property(tries = 3000)
    void theCommonFormIsReadDigitByDigitAsJavaTimeReadsIt(
            @ForAll @IntRange(min = 0, max = 9999) int year, @ForAll @IntRange(min = 0, max = 13) int month,
            @ForAll @IntRange(min = 0, max = 32) int day, @ForAll @IntRange(min = 0, max = 25) int hour,
            @ForAll @IntRange(min = 0, max = 61) int minute, @ForAll @IntRange(min = 0, max = 61) int second,
            @ForAll @IntRange(min = 0, max = 10) int fractionDigits, @ForAll @IntRange(min = 0, max = 999_999_999)
            int fraction, @ForAll boolean zulu) {
        String digits = String.format("%09d", fraction).substring(0, Math.min(9, fractionDigits))
                + (fractionDigits > 9 ? "0" : "");
        String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
                + (fractionDigits == 0 ? "" : "." + digits) + (zulu ? "Z" : "");
        Instant expected = oracle(text);

        Instant fast = Timestamps.parseCommonForm(text);

        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(expected);
        }
        if (expected != null && fractionDigits <= 9) {
            assertThat(fast).as("the common form %s is read digit by digit", text).isNotNull();
        }
        if (expected == null) {
            assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse(text))
                    .withMessageContaining("malformed timestamp '" + text + "'");
        } else {
            assertThat(Timestamps.parse(text)).isEqualTo(expected);
        }
    }

    @Property(tries = 2000)
    void anyTextParsesAsJavaTimeParsesIt(@ForAll("timestampLike") String text) {
        Instant expected = oracle(text);

        if (expected == null) {
            assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse(text));
        } else {
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(expected);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> timestampLike() {
        return net.jqwik.api.Arbitraries.strings().withChars("0123456789-T:.Z+tz ").ofMinLength(15).ofMaxLength(32)
                .edgeCases(c -> c.add("2024-02-29T12:00:00Z"));
    }
}
