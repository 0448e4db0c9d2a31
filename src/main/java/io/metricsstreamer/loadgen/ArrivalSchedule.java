package io.metricsstreamer.loadgen;

/**
 * The intended start times of a profile's requests: the n-th request starts when the integral of the profile's rate
 * from the start reaches n (so a constant rate r starts requests at 1/r, 2/r, ...). The integral is taken in steps
 * of {@link #STEP_SECONDS} at each step's mid-point rate, and a start falls exactly where the step's count reaches
 * the next whole request. Not thread-safe: one schedule per run.
 */
final class ArrivalSchedule {
    /** The integration step: short against any shape's change, long against a request at 1,000,000/s. */
    static final double STEP_SECONDS = 0.001;
    /** {@link #next()} when the run is over. */
    static final long END = -1;

    private final LoadProfile profile;
    private double t;
    private double owed;

    ArrivalSchedule(LoadProfile profile) {
        this.profile = profile;
    }

    /** The next start, in nanoseconds after the run's start, or {@link #END}. */
    long next() {
        double duration = profile.durationSeconds();
        while (t < duration) {
            double step = Math.min(STEP_SECONDS, duration - t);
            double rate = profile.rateAt(t + step / 2);
            double need = 1 - owed;
            if (rate * step >= need) {
                t += need / rate;
                owed = 0;
                return t < duration ? Math.round(t * 1e9) : END;
            }
            owed += rate * step;
            t += step;
        }
        return END;
    }

    /** How many requests the whole profile starts (a fresh schedule, counted). */
    long count() {
        ArrivalSchedule fresh = new ArrivalSchedule(profile);
        long n = 0;
        while (fresh.next() != END) {
            n++;
        }
        return n;
    }
}
