package io.metricsstreamer.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * The wire form of timestamps: ISO-8601 in UTC with a {@code Z} and exactly six fractional digits
 * ({@code 2024-01-01T12:00:00.123456Z}). Parsing accepts any ISO-8601 date-time; one with an offset keeps its
 * instant, one without a zone is taken as UTC (as the original design wrote them).
 */
public final class Timestamps {
    private static final DateTimeFormatter WIRE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** Formats an instant in the wire form, truncated to microseconds. */
    public static String format(Instant instant) {
        return WIRE.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Parses an ISO-8601 date-time.
     *
     * @throws IllegalArgumentException naming the problem when the text is not an ISO-8601 date-time
     */
    public static Instant parse(String text) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
                    OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime odt) {
                return odt.toInstant().truncatedTo(ChronoUnit.MICROS);
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("malformed timestamp '" + text
                    + "': expected ISO-8601 such as 2024-01-01T12:00:00.123456Z", e);
        }
    }
}
