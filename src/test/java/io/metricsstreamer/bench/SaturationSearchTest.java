package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** W4's search on fake steps: doubling, halving when the first step fails, bisection, and the pass rule. */
class SaturationSearchTest {
    private final List<Double> tried = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    /** A server that passes every step up to {@code capacity} metrics/s. */
    private RunResult search(double capacity) throws InterruptedException {
        return SaturationSearch.search(Workload.W4, step -> {
            tried.add(step.rate());
            return step(step.rate(), step.rate() <= capacity ? 20.0 : 250.0, 0, step.rate());
        }, progress::add);
    }

    private static RunResult step(double rate, double p99, long missing, double published) {
        return new RunResult().put("rate", rate).put("clients_failed", 0).put("missing", missing)
                .put("lat_p99_ms", p99).put("published_rate", published).put("server_died", false)
                .put("delivered_per_s", published * 500);
    }

    @Test
    void doublesUntilAFailureThenBisectsTwiceInMultiplesOfFifty() throws InterruptedException {
        RunResult r = search(5200);

        assertThat(tried).containsExactly(1000.0, 2000.0, 4000.0, 8000.0, 6000.0, 5000.0);
        assertThat(r.num("max_rate")).isEqualTo(5000);
        assertThat(r.num("delivered_per_s")).isEqualTo(5000 * 500);
        assertThat(r.asMap().get("steps")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(6);
        assertThat(progress).hasSize(6);
        assertThat(progress.get(0)).contains("rate 1000").contains("pass");
    }

    @Test
    void halvesDownTo125WhenTheFirstStepFails() throws InterruptedException {
        RunResult r = search(300);

        assertThat(tried).containsExactly(1000.0, 500.0, 250.0, 350.0, 300.0);
        assertThat(r.num("max_rate")).isEqualTo(300);
    }

    @Test
    void aServerThatPassesNothingHasMaxRateZero() throws InterruptedException {
        RunResult r = search(0);

        assertThat(tried).containsExactly(1000.0, 500.0, 250.0, 125.0);
        assertThat(r.num("max_rate")).isZero();
        assertThat(r.has("lat_p99_ms")).isFalse();
    }

    @Test
    void aStepPassesOnlyWithNothingMissingLowP99AndTheRatePublished() {
        assertThat(SaturationSearch.passes(step(1000, 99, 0, 970), 1000)).isTrue();
        assertThat(SaturationSearch.passes(step(1000, 100, 0, 1000), 1000)).isFalse();
        assertThat(SaturationSearch.passes(step(1000, 10, 1, 1000), 1000)).isFalse();
        assertThat(SaturationSearch.passes(step(1000, 10, 0, 960), 1000)).isFalse();
        assertThat(SaturationSearch.passes(step(1000, 10, 0, 1000).put("clients_failed", 1), 1000)).isFalse();
        assertThat(SaturationSearch.passes(step(1000, 10, 0, 1000).put("server_died", true), 1000)).isFalse();
        assertThat(SaturationSearch.passes(step(1000, 10, 0, 1000).put("invalid", "no metric timed"), 1000))
                .isFalse();
        assertThat(SaturationSearch.passes(new RunResult().put("error", "boom"), 1000)).isFalse();
    }
}
