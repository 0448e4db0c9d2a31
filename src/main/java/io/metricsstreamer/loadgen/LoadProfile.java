package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How many requests per second a scenario starts, over time: the original design's load profile. The rate at each
 * instant is {@link #rateAt}; {@link ProfileType} defines each shape and which optional values it reads (null: the
 * default it names). Requests start at that rate whatever the target does (an open model). The demo's
 * {@code io.metricsstreamer.demo.LoadProfile} is another thing: a name for the demo's synthetic shapes; the two
 * share the design's word and live in separate packages.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadProfile(
        ProfileType profileType,
        double startTps,
        double peakTps,
        Double sustainedTps,
        Double burstTps,
        Double burstDurationSeconds,
        double durationSeconds,
        Double wavePeriodSeconds) {
    /** The highest rate accepted, requests per second. */
    public static final double MAX_TPS = 1_000_000;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value that cannot be used
     */
    public LoadProfile {
        if (profileType == null) {
            throw new IllegalArgumentException("a load profile needs a profile type (ramp_up, sustained, burst, wave)");
        }
        rate("start_tps", startTps);
        rate("peak_tps", peakTps);
        if (sustainedTps != null) {
            rate("sustained_tps", sustainedTps);
        }
        if (burstTps != null) {
            rate("burst_tps", burstTps);
        }
        if (!(durationSeconds > 0) || durationSeconds > 7 * 24 * 3600) {
            throw new IllegalArgumentException("duration_seconds must be more than 0 and at most a week, not "
                    + durationSeconds);
        }
        if (burstDurationSeconds != null && !(burstDurationSeconds > 0 && burstDurationSeconds <= durationSeconds)) {
            throw new IllegalArgumentException("burst_duration_seconds must be more than 0 and at most the duration ("
                    + durationSeconds + "), not " + burstDurationSeconds);
        }
        if (wavePeriodSeconds != null && !(wavePeriodSeconds > 0)) {
            throw new IllegalArgumentException("wave_period_seconds must be more than 0, not " + wavePeriodSeconds);
        }
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= MAX_TPS)) {
            throw new IllegalArgumentException(name + " must be from 0 to " + (long) MAX_TPS + ", not " + value);
        }
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rate the profile asks for {@code t} seconds after the start (0 outside the run). */
    public double rateAt(double t) {
        if (t < 0 || t >= durationSeconds) {
            return 0;
        }
        double d = durationSeconds;
        return switch (profileType) {
            case RAMP_UP -> startTps + (peakTps - startTps) * t / d;
            case SUSTAINED -> {
                double hold = sustainedTps != null ? sustainedTps : peakTps;
                double warmUp = d / 10;
                yield t < warmUp ? startTps + (hold - startTps) * t / warmUp : hold;
            }
            case BURST -> {
                double base = sustainedTps != null ? sustainedTps : startTps;
                double burst = burstTps != null ? burstTps : peakTps;
                double length = burstDurationSeconds != null ? burstDurationSeconds : d / 10;
                double from = (d - length) / 2;
                yield t >= from && t < from + length ? burst : base;
            }
            case WAVE -> {
                double period = wavePeriodSeconds != null ? wavePeriodSeconds : d / 3;
                yield startTps + (peakTps - startTps) * (1 - Math.cos(2 * Math.PI * t / period)) / 2;
            }
        };
    }

    /** The mean rate the profile asks for over its duration (requests it schedules, per second). */
    public double meanTps() {
        return new ArrivalSchedule(this).count() / durationSeconds;
    }

    /** Builds a {@link LoadProfile} by name. Unset: the optional values null, the rates and duration 0. */
    public static final class Builder {
        private ProfileType profileType;
        private double startTps;
        private double peakTps;
        private Double sustainedTps;
        private Double burstTps;
        private Double burstDurationSeconds;
        private double durationSeconds;
        private Double wavePeriodSeconds;

        private Builder() {
        }

        /** The shape. */
        public Builder profileType(ProfileType value) {
            this.profileType = value;
            return this;
        }

        /** Requests per second at the start (the trough of a wave). */
        public Builder startTps(double value) {
            this.startTps = value;
            return this;
        }

        /** Requests per second at the peak. */
        public Builder peakTps(double value) {
            this.peakTps = value;
            return this;
        }

        /** The held rate of {@code sustained}, the base of {@code burst}. */
        public Builder sustainedTps(Double value) {
            this.sustainedTps = value;
            return this;
        }

        /** The rate of the burst. */
        public Builder burstTps(Double value) {
            this.burstTps = value;
            return this;
        }

        /** How long the burst lasts. */
        public Builder burstDurationSeconds(Double value) {
            this.burstDurationSeconds = value;
            return this;
        }

        /** How long the run lasts. */
        public Builder durationSeconds(double value) {
            this.durationSeconds = value;
            return this;
        }

        /** The period of a wave. */
        public Builder wavePeriodSeconds(Double value) {
            this.wavePeriodSeconds = value;
            return this;
        }

        /**
         * A profile of the values set.
         *
         * @throws IllegalArgumentException naming a value that cannot be used
         */
        public LoadProfile build() {
            return new LoadProfile(profileType, startTps, peakTps, sustainedTps, burstTps, burstDurationSeconds,
                    durationSeconds, wavePeriodSeconds);
        }
    }
}
