package io.metricsstreamer.demo;

import java.util.SplittableRandom;

/**
 * Injects a failure now and then: every 45 to 90 s an incident of 8 to 15 s at full severity, followed by a recovery
 * of the same length during which the severity falls linearly back to 0. Steps forward in time only.
 */
public final class FailureSchedule {
    private final SplittableRandom random;
    private double nextStart;
    private double duration;

    /** A schedule drawing its incidents from {@code random}; the first starts 30 to 60 s in. */
    public FailureSchedule(SplittableRandom random) {
        this.random = random;
        this.nextStart = 30 + random.nextDouble() * 30;
        this.duration = drawDuration();
    }

    private double drawDuration() {
        return 8 + random.nextDouble() * 7;
    }

    /** Severity at {@code t} seconds: 1 during an incident, falling to 0 over the recovery, else 0. */
    public double severity(double t) {
        double end = nextStart + 2 * duration;
        while (t >= end) {
            nextStart = end + 45 + random.nextDouble() * 45;
            duration = drawDuration();
            end = nextStart + 2 * duration;
        }
        if (t < nextStart) {
            return 0;
        }
        double into = t - nextStart;
        return into < duration ? 1 : 1 - (into - duration) / duration;
    }

    /** Whether an incident (not its recovery) is under way at {@code t}. */
    public boolean incident(double t) {
        return severity(t) >= 1 && t >= nextStart && t < nextStart + duration;
    }
}
