package io.metricsstreamer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadProfileTest {

    @Test
    void rampRisesToFullLoadThenHolds() {
        assertThat(LoadProfile.RAMP.load(0)).isLessThan(0.1);
        assertThat(LoadProfile.RAMP.load(30)).isBetween(0.4, 0.6);
        assertThat(LoadProfile.RAMP.load(60)).isEqualTo(1.0);
        assertThat(LoadProfile.RAMP.load(600)).isEqualTo(1.0);
    }

    @Test
    void burstGoesAboveTheSustainedLevelForFifteenSecondsAMinute() {
        assertThat(LoadProfile.BURST.load(10)).isEqualTo(0.6);
        assertThat(LoadProfile.BURST.load(45)).isGreaterThan(1.0);
        assertThat(LoadProfile.BURST.load(56)).isEqualTo(0.6);
    }

    @Test
    void mixedToursEveryPhaseInTurn() {
        assertThat(LoadProfile.MIXED.phase(10)).isEqualTo("ramp");
        assertThat(LoadProfile.MIXED.phase(90)).isEqualTo("sustained");
        assertThat(LoadProfile.MIXED.phase(130)).isEqualTo("burst");
        assertThat(LoadProfile.MIXED.phase(200)).isEqualTo("wave");
        assertThat(LoadProfile.MIXED.phase(240)).isEqualTo("ramp");
        assertThat(LoadProfile.MIXED.load(130)).isGreaterThan(LoadProfile.MIXED.load(90));
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void everyProfileStaysWithinItsRange(LoadProfile profile) {
        for (double t = 0; t < 1000; t += 0.25) {
            assertThat(profile.load(t)).isBetween(0.0, 1.31);
        }
    }
}
