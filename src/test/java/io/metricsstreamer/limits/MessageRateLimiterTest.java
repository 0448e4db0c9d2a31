package io.metricsstreamer.limits;

import static io.metricsstreamer.limits.MessageRateLimiter.Verdict.ACCEPT;
import static io.metricsstreamer.limits.MessageRateLimiter.Verdict.CLOSE;
import static io.metricsstreamer.limits.MessageRateLimiter.Verdict.REFUSE;
import static io.metricsstreamer.limits.MessageRateLimiter.Verdict.REFUSE_AND_WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.limits.MessageRateLimiter.Verdict;
import io.metricsstreamer.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token bucket and the windows of refusals of {@link MessageRateLimiter}, on a manual clock. */
class MessageRateLimiterTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final MessageRateLimiter limiter = new MessageRateLimiter(50);

    private Verdict send() {
        return limiter.onMessage(clock.nanoTime());
    }

    private List<Verdict> send(int n) {
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(send());
        }
        return out;
    }

    /** Sends {@code perSecond} messages a second, evenly, for {@code seconds}; returns every verdict. */
    private List<Verdict> sendEvenly(int perSecond, double seconds) {
        List<Verdict> out = new ArrayList<>();
        long gap = 1_000_000_000L / perSecond;
        for (long i = 0, n = Math.round(perSecond * seconds); i < n; i++) {
            out.add(send());
            clock.advance(gap);
        }
        return out;
    }

    @Test
    void theFirstFiftyMessagesAtOnceAreAcceptedAndTheFiftyFirstIsRefusedWithAWarning() {
        assertThat(send(50)).containsOnly(ACCEPT);
        assertThat(send()).isEqualTo(REFUSE_AND_WARN);
        assertThat(send(100)).as("the rest of the window: ignored without another answer").containsOnly(REFUSE);
    }

    @Test
    void theBucketRefillsAtTheLimitsRate() {
        send(50);
        clock.advance(Duration.ofMillis(20));
        assertThat(send()).as("one token back after 1/50 s").isEqualTo(ACCEPT);
        assertThat(send()).isEqualTo(REFUSE_AND_WARN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(50)).as("a second later the bucket is full again").containsOnly(ACCEPT);
        assertThat(send()).isNotEqualTo(ACCEPT);
    }

    @Test
    void aClientAtTheLimitOrUnderItIsNeverRefused() {
        assertThat(sendEvenly(50, 30)).containsOnly(ACCEPT);
        assertThat(sendEvenly(49, 30)).containsOnly(ACCEPT);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(50)).as("bursts within the bucket").containsOnly(ACCEPT);
    }

    @Test
    void aFloodIsWarnedOnceAWindowAndClosedAtItsFirstRefusalFiveSecondsAfterItsFirst() {
        List<Verdict> verdicts = new ArrayList<>();
        long firstRefusal = -1;
        long closedAt = -1;
        for (int i = 0; i < 10_000 && closedAt < 0; i++) {
            Verdict v = send();
            verdicts.add(v);
            if (v != ACCEPT && firstRefusal < 0) {
                firstRefusal = clock.nanoTime();
            }
            if (v == CLOSE) {
                closedAt = clock.nanoTime();
            }
            clock.advance(Duration.ofMillis(1)); // 1,000 messages a second
        }
        assertThat(closedAt - firstRefusal).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(verdicts.stream().filter(v -> v == REFUSE_AND_WARN)).as("one warning in each of the 5 windows")
                .hasSize(5);
        assertThat(verdicts.stream().filter(v -> v == CLOSE)).hasSize(1);
        assertThat(verdicts.get(verdicts.size() - 1)).isEqualTo(CLOSE);
    }

    @Test
    void aClientSlightlyOverTheLimitIsClosedFiveSecondsAfterItFirstWentOver() {
        // 60 a second drains the bucket of 50 by 10 a second: the first refusal comes after about 5 s.
        List<Verdict> verdicts = sendEvenly(60, 20);
        int first = verdicts.indexOf(REFUSE_AND_WARN);
        int close = verdicts.indexOf(CLOSE);
        assertThat(first).isBetween(60 * 4, 60 * 6);
        // Refusals then come every 6th message (100 ms): the close is the first one at or past 5 s.
        assertThat(close - first).as("messages at 60/s from the first refusal to the close").isBetween(300, 306);
    }

    @Test
    void aWindowWithoutARefusalEndsTheStreak() {
        send(50);
        assertThat(send()).isEqualTo(REFUSE_AND_WARN);
        for (int window = 1; window < 4; window++) {
            clock.advance(Duration.ofSeconds(1));
            send(50);
            assertThat(send()).as("window %d", window).isEqualTo(REFUSE_AND_WARN);
        }
        // Window 4 of the streak passes without a refusal: a message a second leaves tokens to spare.
        clock.advance(Duration.ofSeconds(2));
        assertThat(send(50)).containsOnly(ACCEPT);
        assertThat(send()).as("a new streak").isEqualTo(REFUSE_AND_WARN);
        for (int window = 1; window < 5; window++) {
            clock.advance(Duration.ofSeconds(1));
            send(50);
            assertThat(send()).as("window %d of the new streak", window).isEqualTo(REFUSE_AND_WARN);
        }
        clock.advance(Duration.ofSeconds(1));
        send(50);
        assertThat(send()).as("five windows over the limit running").isEqualTo(CLOSE);
    }

    @Test
    void refusedMessagesCostNoTokens() {
        send(50);
        send(1_000);
        clock.advance(Duration.ofMillis(20));
        assertThat(send()).isEqualTo(ACCEPT);
    }

    @Test
    void aLimitOfOneAllowsOneMessageASecond() {
        MessageRateLimiter one = new MessageRateLimiter(1);
        assertThat(one.onMessage(clock.nanoTime())).isEqualTo(ACCEPT);
        assertThat(one.onMessage(clock.nanoTime())).isEqualTo(REFUSE_AND_WARN);
        clock.advance(Duration.ofMillis(999));
        assertThat(one.onMessage(clock.nanoTime())).isEqualTo(REFUSE);
        clock.advance(Duration.ofMillis(1));
        assertThat(one.onMessage(clock.nanoTime())).isEqualTo(ACCEPT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, MessageRateLimiter.MAX_PER_SECOND + 1})
    void aLimitOutOfRangeIsRefused(int perSecond) {
        assertThatThrownBy(() -> new MessageRateLimiter(perSecond)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was " + perSecond);
    }
}
