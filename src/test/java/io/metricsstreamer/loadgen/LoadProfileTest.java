package io.metricsstreamer.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profiles' shapes and the schedule of intended starts drawn from them (no network, no clock). */
class LoadProfileTest {
    private static LoadProfile.Builder profile(ProfileType type) {
        return LoadProfile.builder().profileType(type).startTps(100).peakTps(500).durationSeconds(10);
    }

    private static List<Long> starts(LoadProfile p) {
        ArrivalSchedule s = new ArrivalSchedule(p);
        List<Long> out = new ArrayList<>();
        for (long t = s.next(); t != ArrivalSchedule.END; t = s.next()) {
            out.add(t);
        }
        return out;
    }

    @Test
    void aConstantRateStartsRequestsEvenlyAtOneOverTheRate() {
        LoadProfile p = profile(ProfileType.SUSTAINED).startTps(250).peakTps(250).build();
        List<Long> starts = starts(p);
        assertThat(starts.size()).isBetween(2499, 2500);
        for (int i = 0; i < 2499; i++) {
            assertThat(starts.get(i)).isCloseTo((i + 1) * 4_000_000L, within(1_000L));
        }
        assertThat(p.meanTps()).isCloseTo(250, within(0.2));
    }

    @Test
    void eachShapeStartsAsManyRequestsAsTheIntegralOfItsRate() {
        // ramp: mean of 100 and 500 over 10 s
        assertThat(starts(profile(ProfileType.RAMP_UP).build()).size()).isCloseTo(3000, within(2));
        // sustained: a tenth ramping 100 -> 500 (300/s), then 500
        assertThat(starts(profile(ProfileType.SUSTAINED).build()).size()).isCloseTo(300 + 4500, within(2));
        // burst: 100/s, except 2 s at 1000/s in the middle
        LoadProfile burst = profile(ProfileType.BURST).burstTps(1000.0).burstDurationSeconds(2.0).build();
        assertThat(starts(burst).size()).isCloseTo(8 * 100 + 2 * 1000, within(2));
        assertThat(burst.rateAt(3.99)).isEqualTo(100);
        assertThat(burst.rateAt(4.0)).isEqualTo(1000);
        assertThat(burst.rateAt(5.99)).isEqualTo(1000);
        assertThat(burst.rateAt(6.0)).isEqualTo(100);
        // wave: whole periods average to the mid-point
        LoadProfile wave = profile(ProfileType.WAVE).wavePeriodSeconds(2.5).build();
        assertThat(starts(wave).size()).isCloseTo(3000, within(2));
        assertThat(wave.rateAt(0)).isCloseTo(100, within(1e-9));
        assertThat(wave.rateAt(1.25)).isCloseTo(500, within(1e-9));
    }

    @Test
    void theDefaultsAreThoseTheShapesName() {
        assertThat(profile(ProfileType.SUSTAINED).build().rateAt(5)).isEqualTo(500);
        assertThat(profile(ProfileType.SUSTAINED).sustainedTps(300.0).build().rateAt(5)).isEqualTo(300);
        LoadProfile burst = profile(ProfileType.BURST).build();
        assertThat(burst.rateAt(4.4)).isEqualTo(100);
        assertThat(burst.rateAt(4.5)).isEqualTo(500);
        assertThat(burst.rateAt(5.49)).isEqualTo(500);
        assertThat(burst.rateAt(5.5)).isEqualTo(100);
        LoadProfile wave = profile(ProfileType.WAVE).durationSeconds(9).build();
        assertThat(wave.rateAt(1.5)).isCloseTo(500, within(1e-9));
        assertThat(wave.rateAt(3)).isCloseTo(100, within(1e-9));
        assertThat(profile(ProfileType.RAMP_UP).build().rateAt(5)).isEqualTo(300);
    }

    @Test
    void aRampFromZeroStillStartsItsFirstRequestWhenTheIntegralReachesOne() {
        LoadProfile p = profile(ProfileType.RAMP_UP).startTps(0).peakTps(200).build();
        // rate 20 t: the integral 10 t^2 reaches 1 at t = 0.316 s
        assertThat(starts(p).get(0)).isCloseTo(316_000_000L, within(2_000_000L));
        assertThat(starts(p).size()).isBetween(999, 1000);
    }

    @Test
    void valuesThatCannotBeUsedAreRefusedByName() {
        assertThatThrownBy(() -> profile(ProfileType.RAMP_UP).startTps(-1).build())
                .hasMessageContaining("start_tps");
        assertThatThrownBy(() -> profile(ProfileType.RAMP_UP).durationSeconds(0).build())
                .hasMessageContaining("duration_seconds");
        assertThatThrownBy(() -> profile(ProfileType.BURST).burstDurationSeconds(11.0).build())
                .hasMessageContaining("burst_duration_seconds");
        assertThatThrownBy(() -> profile(ProfileType.WAVE).wavePeriodSeconds(0.0).build())
                .hasMessageContaining("wave_period_seconds");
        assertThatThrownBy(() -> profile(null).build()).hasMessageContaining("profile type");
        assertThatThrownBy(() -> profile(ProfileType.RAMP_UP).peakTps(Double.NaN).build())
                .hasMessageContaining("peak_tps");
    }
}
