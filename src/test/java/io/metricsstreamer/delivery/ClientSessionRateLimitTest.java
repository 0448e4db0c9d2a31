package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10's message rate limit as a session applies it, on a manual clock: refused messages change nothing, the
 * answers to a flood are bounded, and a client over the limit for 5 s is closed 1008 {@code rate limited}.
 */
class ClientSessionRateLimitTest {
    private final DeliveryFixture f = new DeliveryFixture();
    private final ClientSession s = f.session(1, Duration.ZERO);

    ClientSessionRateLimitTest() {
        s.limitMessages(50);
    }

    /** A message as the transport hands it: through the limit first, then parsed and applied. */
    private boolean send(String text) {
        if (!s.admitMessage(f.loop.nanoTime())) {
            return false;
        }
        f.send(s, text);
        return true;
    }

    private List<JsonNode> errors() {
        return f.out.controls().stream().filter(m -> "error".equals(m.path("type").asText())).toList();
    }

    @Test
    void theFiftyFirstMessageInASecondIsAnsweredRateLimitedAndChangesNothing() {
        for (int i = 0; i < 49; i++) {
            assertThat(send("{\"type\":\"ping\",\"id\":" + i + "}")).isTrue();
        }
        assertThat(send("{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}")).isTrue();
        f.out.clear();

        assertThat(send("{\"type\":\"unsubscribe\",\"metric_types\":[\"system\"]}")).isFalse();

        JsonNode error = f.out.controls().get(0);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limited");
        assertThat(error.path("message").asText()).contains("50 messages a second")
                .contains("--max-client-messages-per-second");
        assertThat(f.out.controls()).hasSize(1);
        assertThat(s.snapshot(f.loop.nanoTime()).subscribedMetrics()).containsExactly("system");
        f.offerNew(s, "system", 1);
        assertThat(f.out.deliveries()).as("still subscribed to system").hasSize(1);
        assertThat(f.stats.totalRateLimitedMessages()).isEqualTo(1);
        assertThat(f.stats.totalProtocolErrors()).as("not a protocol error").isZero();
    }

    @Test
    void aFloodGetsOneErrorAWindowAndIsClosedFiveSecondsAfterItsFirstRefusal() {
        long firstRefusal = -1;
        for (int sent = 0; f.out.closeReasons().isEmpty() && sent < 20_000; sent++) {
            if (!send("{\"type\":\"ping\"}") && firstRefusal < 0) {
                firstRefusal = f.loop.nanoTime();
            }
            f.loop.advance(Duration.ofMillis(1)); // 1,000 a second
        }
        long closedAfter = f.loop.nanoTime() - Duration.ofMillis(1).toNanos() - firstRefusal;
        assertThat(f.out.closeReasons()).containsExactly(CloseReason.RATE_LIMITED);
        assertThat(CloseReason.RATE_LIMITED.code()).isEqualTo(1008);
        assertThat(CloseReason.RATE_LIMITED.reason()).isEqualTo("rate limited");
        assertThat(errors()).as("one error in each of the five windows before the close").hasSize(5)
                .allSatisfy(e -> assertThat(e.path("code").asText()).isEqualTo("rate_limited"));
        assertThat(firstRefusal).as("a refusal").isPositive();
        assertThat(closedAfter).as("from the first refusal to the close").isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(f.stats.totalRateLimitCloses()).isEqualTo(1);
        assertThat(s.isClosed()).isTrue();
        assertThat(s.admitMessage(f.loop.nanoTime())).as("nothing is handled after the close").isFalse();
    }

    @Test
    void aClientUnderTheLimitIsNeverRefused() {
        for (int i = 0; i < 40 * 60; i++) {
            assertThat(send("{\"type\":\"ping\"}")).isTrue();
            f.loop.advance(Duration.ofMillis(25)); // 40 a second for a minute
        }
        assertThat(errors()).isEmpty();
        assertThat(f.out.closeReasons()).isEmpty();
        assertThat(f.stats.totalRateLimitedMessages()).isZero();
    }

    @Test
    void aSessionWithoutALimitAdmitsEverything() {
        ClientSession unlimited = new DeliveryFixture().session(1, Duration.ZERO);
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.admitMessage(i)).isTrue();
        }
    }
}
