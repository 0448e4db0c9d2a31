package io.metricsstreamer.aggregation;

import java.util.Locale;
import java.util.Optional;

/** How a window's values of one numeric field become one value. */
public enum AggregateFunction {
    /** The mean (a floating-point number). */
    AVG,
    /** The smallest, as it was sent. */
    MIN,
    /** The largest, as it was sent. */
    MAX,
    /** The total: a whole number when every value was one, else floating point. */
    SUM,
    /** The newest, as it was sent. */
    LAST;

    /** The wire name: {@code avg}, {@code min}, {@code max}, {@code sum}, {@code last}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function of a wire name (exact, lower case), if any. */
    public static Optional<AggregateFunction> fromWire(String name) {
        for (AggregateFunction f : values()) {
            if (f.wire().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
