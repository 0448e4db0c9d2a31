package io.metricsstreamer.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
}
