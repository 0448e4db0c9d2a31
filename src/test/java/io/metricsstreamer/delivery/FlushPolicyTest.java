package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flush arithmetic as a rule table: batch size 10, batch timeout 500, times in nanoseconds. Columns: now, pending,
 * oldestAt, delivered, lastDeliveryAt, interval, expected wait, rule.
 */
class FlushPolicyTest {
    private static final DeliveryConfig CONFIG = new DeliveryConfig(10, 500, 100, 10_000);
    private static final long NEVER = FlushPolicy.NEVER;

    @ParameterizedTest(name = "[{index}] {7}")
    @CsvSource(delimiter = '|', value = {
        "1000 |  0 |    0 | false |    0 |    0 | " + NEVER + " | nothing pending: no flush",
        "1000 |  0 |    0 | true  |  900 | 5000 | " + NEVER + " | nothing pending, even when throttled",
        "1000 | 10 | 1000 | false |    0 |    0 |    0 | batch size reached: now",
        "1000 | 25 | 1000 | false |    0 |    0 |    0 | more than batch size: now",
        "1000 |  1 | 1000 | false |    0 |    0 |  500 | one pending: the whole batch timeout",
        "1000 |  3 |  800 | false |    0 |    0 |  300 | timeout runs from the oldest",
        "1000 |  3 |  500 | false |    0 |    0 |    0 | oldest waited exactly the timeout: now",
        "1000 |  3 |  100 | false |    0 |    0 |    0 | overdue: now, never negative",
        "1000 | 10 | 1000 | true  |  900 | 1000 |  900 | batch full but the interval holds it",
        "1000 |  1 | 1000 | true  |  900 | 1000 |  900 | interval longer than timeout wins",
        "1000 |  1 | 1000 | true  |  900 |  100 |  500 | timeout longer than interval wins",
        "1000 | 10 | 1000 | true  |    0 | 1000 |    0 | interval already passed",
        "1000 | 10 | 1000 | false |  900 | 1000 |    0 | no delivery yet: no throttle",
        "1000 | 10 | 1000 | true  |  999 |    0 |    0 | interval 0: no throttle"
    })
    void plansTheFlush(long now, int pending, long oldestAt, boolean delivered, long lastDeliveryAt, long interval,
                       long expected, String rule) {
        assertThat(FlushPolicy.nanosUntilFlush(now, pending, oldestAt, delivered, lastDeliveryAt, interval, CONFIG))
                .as(rule).isEqualTo(expected);
    }
}
