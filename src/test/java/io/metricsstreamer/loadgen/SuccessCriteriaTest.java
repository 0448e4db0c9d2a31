package io.metricsstreamer.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SuccessCriteriaTest {
    @Test
    void readsAnyOfTheThreeInAnyOrderAndJudgesEachOnItsLimit() {
        SuccessCriteria c = SuccessCriteria.parse("min_throughput_tps=100, max_p99_ms=250,max_error_rate=0.01");
        assertThat(c).isEqualTo(new SuccessCriteria(250.0, 0.01, 100.0));
        assertThat(c.judge(250, 0.01, 100).values()).allMatch(SuccessCriteria.Judged::passed);
        assertThat(c.judge(250.1, 0.01, 100)).extractingByKey("max_p99_ms")
                .isEqualTo(new SuccessCriteria.Judged(250, 250.1, false));
        assertThat(c.judge(1, 0.02, 100).get("max_error_rate").passed()).isFalse();
        assertThat(c.judge(1, 0, 99.9).get("min_throughput_tps").passed()).isFalse();
        assertThat(SuccessCriteria.parse("max_p99_ms=5").judge(9, 1, 0)).containsOnlyKeys("max_p99_ms");
        assertThat(SuccessCriteria.NONE.judge(1e9, 1, 0)).isEmpty();
    }

    @Test
    void refusesWhatItCannotReadNamingThePart() {
        assertThatThrownBy(() -> SuccessCriteria.parse("max_p99=5")).hasMessageContaining("unknown criterion "
                + "'max_p99'");
        assertThatThrownBy(() -> SuccessCriteria.parse("max_p99_ms")).hasMessageContaining("NAME=NUMBER");
        assertThatThrownBy(() -> SuccessCriteria.parse("max_p99_ms=fast")).hasMessageContaining("'fast' is not");
        assertThatThrownBy(() -> SuccessCriteria.parse("max_error_rate=-1")).hasMessageContaining("0 or more");
    }
}
