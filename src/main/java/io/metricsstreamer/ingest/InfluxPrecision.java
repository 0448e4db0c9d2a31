package io.metricsstreamer.ingest;

import java.time.Instant;

/**
 * The unit of a line protocol timestamp, from a write request's {@code precision} parameter: nanoseconds by default,
 * as InfluxDB reads it. InfluxDB 2 names them {@code ns}, {@code us}, {@code ms}, {@code s}; InfluxDB 1 also
 * {@code n}, {@code u}, {@code m} (minutes) and {@code h}. Immutable.
 */
public enum InfluxPrecision {
    /** Nanoseconds ({@code ns}, {@code n}): the default. */
    NANOSECONDS(1),
    /** Microseconds ({@code us}, {@code u}). */
    MICROSECONDS(1_000),
    /** Milliseconds ({@code ms}). */
    MILLISECONDS(1_000_000),
    /** Seconds ({@code s}). */
    SECONDS(1_000_000_000),
    /** Minutes ({@code m}, InfluxDB 1 only). */
    MINUTES(60_000_000_000L),
    /** Hours ({@code h}, InfluxDB 1 only). */
    HOURS(3_600_000_000_000L);

    private final long nanos;

    InfluxPrecision(long nanos) {
        this.nanos = nanos;
    }

    /**
     * The precision a request names, or nanoseconds for null or an empty value.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static InfluxPrecision of(String name) {
        if (name == null || name.isEmpty()) {
            return NANOSECONDS;
        }
        return switch (name) {
            case "ns", "n" -> NANOSECONDS;
            case "us", "u" -> MICROSECONDS;
            case "ms" -> MILLISECONDS;
            case "s" -> SECONDS;
            case "m" -> MINUTES;
            case "h" -> HOURS;
            default -> throw new IllegalArgumentException(
                    "precision must be one of ns, us, ms, s (or n, u, m, h), was '" + name + "'");
        };
    }

    /**
     * The instant of a timestamp in this unit since the Unix epoch.
     *
     * @throws ArithmeticException when it lies beyond what an instant holds
     */
    public Instant toInstant(long value) {
        if (nanos == 1) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        }
        if (nanos < 1_000_000_000L) {
            long perSecond = 1_000_000_000L / nanos;
            return Instant.ofEpochSecond(Math.floorDiv(value, perSecond), Math.floorMod(value, perSecond) * nanos);
        }
        return Instant.ofEpochSecond(Math.multiplyExact(value, nanos / 1_000_000_000L));
    }
}
