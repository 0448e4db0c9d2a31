package io.metricsstreamer.aggregation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client asked {@code set_aggregation} for: windows of {@code windowSeconds} aligned to multiples of it since
 * the Unix epoch, {@code function} for every numeric field but those {@code functions} names. Immutable; equal specs
 * (with equal filters) share one aggregation per event loop.
 *
 * @param windowSeconds the window, from {@link #MIN_WINDOW_SECONDS} to {@link #MAX_WINDOW_SECONDS}
 * @param function      the function of every numeric field not in {@code functions}
 * @param functions     per-field overrides, in the order the client gave them
 */
public record AggregationSpec(double windowSeconds, AggregateFunction function,
                              Map<String, AggregateFunction> functions) {
    /** Shortest window. */
    public static final double MIN_WINDOW_SECONDS = 0.1;
    /** Longest window: an hour. */
    public static final double MAX_WINDOW_SECONDS = 3600;

    /** Copies the overrides, keeping their order. */
    public AggregationSpec {
        if (!(windowSeconds >= MIN_WINDOW_SECONDS && windowSeconds <= MAX_WINDOW_SECONDS)) {
            throw new IllegalArgumentException("window must be " + MIN_WINDOW_SECONDS + " to " + MAX_WINDOW_SECONDS
                    + " seconds, was " + windowSeconds);
        }
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /** The window in nanoseconds. */
    public long windowNanos() {
        return Math.round(windowSeconds * 1e9);
    }

    /** The function of {@code field}. */
    public AggregateFunction functionOf(String field) {
        return functions.getOrDefault(field, function);
    }
}
