package io.metricsstreamer.json;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with four digits and no sign. */
    private static final long FIRST_FAST_SECOND = -62_167_219_200L;
    private static final long LAST_FAST_SECOND = 253_402_300_799L;
    /** {@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}. */
    private static final int WIRE_LENGTH = 27;
    /** {@code uuuu-MM-ddTHH:mm:ss}: the shortest text of the common form, and where its fraction starts. */
    private static final int MIN_COMMON_LENGTH = 19;

    private Timestamps() {
    }

    /**
     * Formats an instant in the wire form, truncated to microseconds. The dispatcher formats one per published
     * metric, so years 0000-9999 are written digit by digit rather than through the formatter, whose cost is mostly
     * a {@code BigDecimal} for the fraction (measured: docs/benchmarks/LOG.md). Other years go through the formatter,
     * which signs them.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return WIRE.format(instant.truncatedTo(ChronoUnit.MICROS));
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        byte[] out = new byte[WIRE_LENGTH];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        digits(out, 20, instant.getNano() / 1000, 6);
        out[26] = 'Z';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code offset}. */
    private static void digits(byte[] out, int offset, int value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses an ISO-8601 date-time. The forms publishers write ({@code uuuu-MM-ddTHH:mm:ss}, a fraction of one to
     * nine digits, then {@code Z} or nothing) are read digit by digit: the ingest path parses one per metric, and
     * {@code java.time}'s parser resolves fields through maps. Any other form, and any out-of-range field, goes to
     * that parser, which gives the same instant or names the problem.
     *
     * @throws IllegalArgumentException naming the problem when the text is not an ISO-8601 date-time
     */
    public static Instant parse(String text) {
        Instant fast = parseCommonForm(text);
        return fast != null ? fast : parseAnyForm(text);
    }

    /** The instant of {@code text} in the common form, truncated to microseconds; null for any other text. */
    static Instant parseCommonForm(String text) {
        int n = text.length();
        if (n < MIN_COMMON_LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int end = n;
        if (text.charAt(n - 1) == 'Z') {
            end = n - 1;
        }
        int nanos = 0;
        if (end > MIN_COMMON_LENGTH) {
            int digits = end - MIN_COMMON_LENGTH - 1;
            if (text.charAt(MIN_COMMON_LENGTH) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nanos = number(text, MIN_COMMON_LENGTH + 1, digits);
            if (nanos < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second,
                nanos - nanos % 1000);
    }

    /** The {@code width} decimal digits at {@code offset} as a number; -1 when one of them is not a digit. */
    private static int number(String text, int offset, int width) {
        int value = 0;
        for (int i = offset; i < offset + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant parseAnyForm(String text) {
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
