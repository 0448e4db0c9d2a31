package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.metricsstreamer.auth.InvalidTokenException;
import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.auth.TokenVerifier;
import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.history.RingHistory;
import io.metricsstreamer.stats.AuthFailure;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 on one session, on the manual clock: a token's ceilings on metric types and agents applied to what the
 * client asks for (live, replay, aggregation), refresh, and the close at expiry. Tokens are real HS256 tokens,
 * verified on the loop's wall clock.
 */
class ClientSessionAuthTest {
    private static final String EPOCH = "0123456789abcdef";
    private static final Instant START = Instant.ofEpochSecond(0, ManualScheduler.START_EPOCH_NANOS);
    private static final Instant EXPIRY = START.plusSeconds(60);

    private final DeliveryFixture f = new DeliveryFixture();
    private final RingHistory history = new RingHistory(EPOCH, new HistoryLimits(1000, 600_000_000_000L, 1L << 30),
            f.loop::nanoTime);
    private final TokenVerifier verifier = new TokenVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null, 0,
            new LoopClock(f.loop));

    /** The manual loop's wall clock as a {@link Clock}, so that tokens expire on the test's time. */
    private static final class LoopClock extends Clock {
        private final ManualScheduler loop;

        LoopClock(ManualScheduler loop) {
            this.loop = loop;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(0, loop.epochNanos());
        }
    }

    private String token(String sub, Instant exp, Consumer<JWTClaimsSet.Builder> claims) {
        return Tokens.hs256(sub, exp, claims);
    }

    private Principal principal(String token) {
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw new AssertionError(e);
        }
    }

    /** A session of alice's, allowed system and agent metrics of agents a1 and a2, until {@link #EXPIRY}. */
    private ClientSession alice() {
        return session(token("alice", EXPIRY, b -> b.claim("metric_types", List.of("system", "agent"))
                .claim("agent_ids", List.of("a1", "a2"))));
    }

    private ClientSession session(String token) {
        ClientSession s = new ClientSession("client_1", f.out, f.loop,
                DeliveryFixture.config(1, Duration.ofMillis(500), 10_000), DeliveryFixture.TYPES, f.stats, history);
        s.attach(f.loopState);
        s.authorize(principal(token), verifier);
        s.open(START, EPOCH, 0);
        return s;
    }

    private List<String> controlTypes() {
        return f.out.controls().stream().map(c -> c.get("type").textValue()).toList();
    }

    private JsonNode lastControl() {
        List<JsonNode> c = f.out.controls();
        return c.get(c.size() - 1);
    }

    /** The metric types and agent ids of every envelope delivered, as "type" or "type:agent". */
    private List<String> delivered() {
        List<String> out = new ArrayList<>();
        for (JsonNode d : f.out.deliveries()) {
            for (JsonNode env : DeliveryFixture.envelopes(d)) {
                String type = env.get("metric_type").textValue();
                JsonNode data = env.get("data");
                if (data.isArray()) {
                    data.forEach(r -> out.add(type + ":" + r.path("agent_id").asText()));
                } else {
                    out.add(data.has("agent_id") ? type + ":" + data.get("agent_id").textValue() : type);
                }
            }
        }
        return out;
    }

    private void publishMixed(ClientSession s) {
        f.offer(s, f.metric("system"), f.metric("business"),
                f.metric("agent", "[{\"agent_id\":\"a1\"},{\"agent_id\":\"a2\"},{\"agent_id\":\"a3\"}]"),
                f.metric("agent", "{\"agent_id\":\"a3\",\"load\":1}"), f.metric("hero"));
    }

    @Test
    void theWelcomeNamesTheUserAndWhenTheTokenExpires() {
        alice();

        JsonNode welcome = f.out.controls().get(0);
        assertThat(welcome.get("user").textValue()).isEqualTo("alice");
        assertThat(welcome.get("expires_at").textValue()).isEqualTo("2026-01-01T00:01:00.000000Z");
    }

    @Test
    void theImplicitAllIsEveryTypeAndAgentTheTokenAllows() {
        ClientSession s = alice();

        publishMixed(s);

        assertThat(delivered()).containsExactly("system", "agent:a1", "agent:a2");
        assertThat(s.snapshot(f.loop.nanoTime()).subscribedMetrics()).containsExactly("agent", "system");
        assertThat(s.snapshot(f.loop.nanoTime()).user()).isEqualTo("alice");
    }

    @Test
    void subscribingToAllListsTheTypesTheTokenAllows() {
        ClientSession s = alice();

        f.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}");

        assertThat(lastControl()).isEqualTo(json("{\"type\":\"subscription_confirmed\","
                + "\"metric_types\":[\"agent\",\"system\"]}"));
    }

    @Test
    void subscribingBeyondTheCeilingIsForbiddenAndChangesNothing() {
        ClientSession s = alice();
        f.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}");

        f.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"agent\",\"business\",\"hero\"]}");

        assertThat(lastControl()).isEqualTo(json("{\"type\":\"error\",\"code\":\"forbidden\",\"message\":"
                + "\"your token does not allow metric type(s) [business, hero]; it allows agent, system\"}"));
        assertThat(s.snapshot(f.loop.nanoTime()).subscribedMetrics()).containsExactly("system");
        publishMixed(s);
        assertThat(delivered()).containsExactly("system");
        assertThat(f.stats.totalAuthFailures(AuthFailure.FORBIDDEN)).isEqualTo(1);
        assertThat(f.stats.totalProtocolErrors()).isEqualTo(1);
    }

    @Test
    void theAgentCeilingIsIntersectedWithTheClientsOwnFilter() {
        ClientSession s = alice();

        f.send(s, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a2\",\"a3\",\"a9\"]}}");
        assertThat(lastControl())
                .isEqualTo(json("{\"type\":\"filters_updated\",\"filters\":{\"agent_ids\":[\"a2\"]}}"));
        publishMixed(s);
        assertThat(delivered()).containsExactly("system", "agent:a2");

        f.send(s, "{\"type\":\"set_filters\",\"filters\":{}}");
        assertThat(lastControl()).as("no filter of its own: the ceiling")
                .isEqualTo(json("{\"type\":\"filters_updated\",\"filters\":{\"agent_ids\":[\"a1\",\"a2\"]}}"));
    }

    @Test
    void aReplayFromTheHistorySeesNoTypeOrAgentBeyondTheCeilings() {
        for (PublishedMetric m : List.of(f.metric("system"), f.metric("business"),
                f.metric("agent", "[{\"agent_id\":\"a1\"},{\"agent_id\":\"a3\"}]"),
                f.metric("agent", "{\"agent_id\":\"a3\"}"), f.metric("agent", "{\"agent_id\":\"a2\"}"))) {
            history.append(m, f.loop.nanoTime());
        }
        ClientSession s = alice();

        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");

        assertThat(delivered()).containsExactly("system", "agent:a1", "agent:a2");
        assertThat(lastControl().get("type").textValue()).isEqualTo("replay_complete");
    }

    @Test
    void aggregationSeesNoTypeOrAgentBeyondTheCeilings() {
        ClientSession s = alice();
        f.send(s, "{\"type\":\"set_aggregation\",\"window_seconds\":1,\"function\":\"sum\"}");
        f.loop.advance(Duration.ofSeconds(1)); // the first whole window starts now
        f.out.clear();

        f.offer(s, f.metric("business", "{\"v\":1}"),
                f.metric("agent", "[{\"agent_id\":\"a1\",\"v\":1},{\"agent_id\":\"a3\",\"v\":5}]"),
                f.metric("agent", "{\"agent_id\":\"a3\",\"v\":7}"));
        f.loop.advance(Duration.ofSeconds(1));

        assertThat(delivered()).containsExactly("agent:a1");
    }

    @Test
    void closesWith1008TokenExpiredAtExpToTheSecond() {
        alice();

        f.loop.advance(Duration.ofSeconds(60).minusMillis(1));
        assertThat(f.out.closeReasons()).isEmpty();
        f.loop.advance(Duration.ofMillis(1));

        assertThat(f.out.closeReasons()).containsExactly(CloseReason.TOKEN_EXPIRED);
        assertThat(CloseReason.TOKEN_EXPIRED.code()).isEqualTo(1008);
        assertThat(CloseReason.TOKEN_EXPIRED.reason()).isEqualTo("token expired");
        assertThat(f.stats.totalAuthFailures(AuthFailure.TOKEN_EXPIRED)).isEqualTo(1);
        assertThat(f.loop.pendingTasks()).as("no timer left").isZero();
    }

    @Test
    void aRefreshBeforeExpiryMovesTheDeadlineAndReplacesTheCeilings() {
        ClientSession s = alice();
        f.loop.advance(Duration.ofSeconds(50));

        f.send(s, "{\"type\":\"refresh\",\"token\":\"" + token("alice", EXPIRY.plusSeconds(60),
                b -> b.claim("metric_types", List.of("system")).claim("agent_ids", List.of("a1"))) + "\"}");

        assertThat(controlTypes()).containsExactly("welcome", "refreshed", "subscription_confirmed",
                "filters_updated");
        assertThat(f.out.controls().get(1)).isEqualTo(json("{\"type\":\"refreshed\","
                + "\"expires_at\":\"2026-01-01T00:02:00.000000Z\"}"));
        assertThat(f.out.controls().get(2).get("metric_types")).isEqualTo(json("[\"system\"]"));
        assertThat(f.out.controls().get(3).get("filters")).isEqualTo(json("{\"agent_ids\":[\"a1\"]}"));
        publishMixed(s);
        assertThat(delivered()).containsExactly("system");
        f.loop.advance(Duration.ofSeconds(69));
        assertThat(f.out.closeReasons()).as("past the first token's exp").isEmpty();
        f.loop.advance(Duration.ofSeconds(1));
        assertThat(f.out.closeReasons()).containsExactly(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void aWiderRefreshGivesBackWhatTheClientAskedFor() {
        ClientSession s = alice();

        f.send(s, "{\"type\":\"refresh\",\"token\":\"" + token("alice", EXPIRY, b -> { }) + "\"}");

        assertThat(controlTypes()).containsExactly("welcome", "refreshed", "subscription_confirmed",
                "filters_updated");
        assertThat(f.out.controls().get(2).get("metric_types")).isEqualTo(json("[\"all\"]"));
        assertThat(f.out.controls().get(3).get("filters")).isEqualTo(json("{}"));
        publishMixed(s);
        assertThat(delivered()).containsExactly("system", "business", "agent:a1", "agent:a2", "agent:a3",
                "agent:a3", "hero");
    }

    @Test
    void aRefreshThatChangesNothingIsAnsweredRefreshedAlone() {
        ClientSession s = alice();

        f.send(s, "{\"type\":\"refresh\",\"token\":\"" + token("alice", EXPIRY.plusSeconds(5),
                b -> b.claim("metric_types", List.of("agent", "system")).claim("agent_ids", List.of("a2", "a1")))
                + "\"}");

        assertThat(controlTypes()).containsExactly("welcome", "refreshed");
    }

    @Test
    void aNarrowerAgentCeilingDropsWhatWasPendingForAgentsNoLongerAllowed() {
        ClientSession s = new ClientSession("client_1", f.out, f.loop,
                DeliveryFixture.config(10, Duration.ofSeconds(5), 10_000), DeliveryFixture.TYPES, f.stats, history);
        s.authorize(principal(token("alice", EXPIRY, b -> b.claim("agent_ids", List.of("a1", "a2")))), verifier);
        s.open(START, EPOCH, 0);
        f.offer(s, f.metric("agent", "{\"agent_id\":\"a2\"}"), f.metric("agent", "{\"agent_id\":\"a1\"}"));

        f.send(s, "{\"type\":\"refresh\",\"token\":\"" + token("alice", EXPIRY,
                b -> b.claim("agent_ids", List.of("a1"))) + "\"}");
        f.offer(s, f.metric("agent", "{\"agent_id\":\"a1\"}"));
        f.loop.advance(Duration.ofSeconds(5));

        assertThat(delivered()).containsExactly("agent:a1");
        assertThat(f.out.deliveries().get(0).get("dropped").intValue()).isEqualTo(2);
    }

    @Test
    void aRefusedRefreshKeepsTheConnectionAndItsTokenUntilThatExpires() {
        ClientSession s = alice();
        List<String> refused = List.of("not-a-token",
                token("alice", START.minusSeconds(1), b -> { }),
                token("bob", EXPIRY.plusSeconds(600), b -> { }),
                Tokens.withPayload(token("alice", EXPIRY.plusSeconds(600), b -> { }),
                        Tokens.claims("alice", EXPIRY.plusSeconds(9999)).build()));

        for (String t : refused) {
            f.send(s, "{\"type\":\"refresh\",\"token\":\"" + t + "\"}");
            assertThat(lastControl().get("code").textValue()).isEqualTo("invalid_token");
            assertThat(lastControl().get("message").textValue())
                    .endsWith("; the connection keeps its token, which expires at 2026-01-01T00:01:00.000000Z");
        }
        assertThat(f.out.controls().get(3).get("message").textValue())
                .startsWith("the new token is for sub 'bob', not this connection's 'alice'");
        assertThat(f.stats.totalAuthFailures(AuthFailure.INVALID_TOKEN)).isEqualTo(4);
        publishMixed(s);
        assertThat(delivered()).as("the old ceilings still apply").containsExactly("system", "agent:a1", "agent:a2");
        f.loop.advance(Duration.ofSeconds(60));
        assertThat(f.out.closeReasons()).containsExactly(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void withAuthenticationOffARefreshIsAnInvalidMessage() {
        ClientSession s = new ClientSession("client_1", f.out, f.loop,
                DeliveryFixture.config(1, Duration.ofMillis(500), 10_000), DeliveryFixture.TYPES, f.stats);

        f.send(s, "{\"type\":\"refresh\",\"token\":\"a.b.c\"}");

        assertThat(lastControl().get("code").textValue()).isEqualTo("invalid_message");
        assertThat(lastControl().get("message").textValue()).contains("authentication is off");
        assertThat(s.snapshot(f.loop.nanoTime()).user()).isNull();
    }

    @Test
    void aTokenNamingATypeThisServerDoesNotKnowGrantsNothingMore() {
        ClientSession s = session(token("carol", EXPIRY, b -> b.claim("metric_types", List.of("system", "gpu"))));

        publishMixed(s);

        assertThat(delivered()).containsExactly("system");
    }
}
