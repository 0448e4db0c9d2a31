package io.metricsstreamer.loadgen;

/**
 * The shape of a load profile's arrival rate over the run (D is the duration, times in seconds from the start):
 * <ul>
 *   <li>{@code RAMP_UP}: from {@code start_tps} at 0 straight up to {@code peak_tps} at D.</li>
 *   <li>{@code SUSTAINED}: from {@code start_tps} up to {@code sustained_tps} (default {@code peak_tps}) over the
 *       first tenth of D (a warm-up), then held there to the end.</li>
 *   <li>{@code BURST}: {@code sustained_tps} (default {@code start_tps}) throughout, except one burst of
 *       {@code burst_tps} (default {@code peak_tps}) lasting {@code burst_duration_seconds} (default a tenth of D)
 *       in the middle of the run.</li>
 *   <li>{@code WAVE}: a sine wave between {@code start_tps} (its troughs, at 0 and every period) and
 *       {@code peak_tps} (its crests), of period {@code wave_period_seconds} (default a third of D: three waves).</li>
 * </ul>
 */
public enum ProfileType {
    RAMP_UP, SUSTAINED, BURST, WAVE;

    /** The name as the command line and the JSON write it: {@code ramp_up}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
