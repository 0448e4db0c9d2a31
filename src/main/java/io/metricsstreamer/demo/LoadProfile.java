package io.metricsstreamer.demo;

import java.util.Locale;

/**
 * The shape of the simulated traffic over time: a load factor, about 0.05 (idle) to 1.3 (burst), as a pure function
 * of the seconds since the test started.
 */
public enum LoadProfile {
    /** Ramps up for 60 s, then holds. */
    RAMP {
        @Override
        public double load(double t) {
            return Math.min(1.0, 0.05 + 0.95 * t / RAMP_SECONDS);
        }
    },
    /** A steady load at 80% after a 10 s warm-up. */
    SUSTAINED {
        @Override
        public double load(double t) {
            return Math.min(0.8, 0.05 + 0.75 * t / 10);
        }
    },
    /** Steady at 60% with a 15 s burst to 130% every minute. */
    BURST {
        @Override
        public double load(double t) {
            double inCycle = t % 60;
            return inCycle >= 40 && inCycle < 55 ? 1.3 : 0.6;
        }
    },
    /** A sine wave between 30% and 100% with a 90 s period. */
    WAVE {
        @Override
        public double load(double t) {
            return 0.65 + 0.35 * Math.sin(2 * Math.PI * t / 90);
        }
    },
    /** The default tour: ramp (60 s), sustained (60 s), burst (20 s), wave (90 s), then again. */
    MIXED {
        @Override
        public double load(double t) {
            double inCycle = t % MIXED_CYCLE_SECONDS;
            if (inCycle < 60) {
                return RAMP.load(inCycle);
            }
            if (inCycle < 120) {
                return 1.0;
            }
            if (inCycle < 140) {
                return 1.3;
            }
            return 0.65 + 0.35 * Math.cos(2 * Math.PI * (inCycle - 140) / 90);
        }
    };

    static final double RAMP_SECONDS = 60;
    static final double MIXED_CYCLE_SECONDS = 230;

    /** The load factor {@code t} seconds into the test. */
    public abstract double load(double t);

    /** The phase name shown in the narrative, {@code t} seconds into the test. */
    public String phase(double t) {
        if (this != MIXED) {
            return name().toLowerCase(Locale.ROOT);
        }
        double inCycle = t % MIXED_CYCLE_SECONDS;
        return inCycle < 60 ? "ramp" : inCycle < 120 ? "sustained" : inCycle < 140 ? "burst" : "wave";
    }
}
