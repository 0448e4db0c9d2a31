package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.Tokens;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §10 over real sockets: a server with an HS256 secret, an RSA public key and an allowed origin; tokens in the
 * header and the URL, the 401 and 403 answers, ceilings on the URL's parameters and replays, refresh and the close at
 * expiry, and the HTTP API's publish and admin claims.
 */
@Timeout(60)
class AuthSocketTest {
    private static final String DASHBOARD = "https://dash.example.com";
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TestServer server;
    private int wsPort;

    @BeforeEach
    void startServer() {
        Path publicKey = Tokens.rsaPublicPem(dir);
        server = TestServer.start(b -> b.authJwtSecret(Tokens.SECRET).authJwtPublicKey(publicKey)
                .allowedOrigins(List.of(DASHBOARD)));
        wsPort = server.streamer().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String alice() {
        return Tokens.hs256("alice", Instant.now().plusSeconds(3600), b -> b.claim("metric_types",
                List.of("system", "agent")).claim("agent_ids", List.of("a1", "a2")));
    }

    private static String admin() {
        return Tokens.sign(JWSAlgorithm.RS256, Tokens.claims("root", Instant.now().plusSeconds(3600))
                .claim("admin", true).build());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private URI withToken(String query, String token) {
        return URI.create(server.wsUri() + "?" + query + (query.isEmpty() ? "" : "&") + "token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestServer.send(b.build());
    }

    private HttpResponse<String> post(String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http("/api/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"metric_type\":\"system\",\"data\":{\"n\":1}}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestServer.send(b.build());
    }

    private JsonNode statistics() {
        HttpResponse<String> r = get("/api/statistics", admin());
        assertThat(r.statusCode()).isEqualTo(200);
        return TestServer.parse(r.body());
    }

    private static JsonNode json(String text) {
        return TestServer.parse(text);
    }

    @Test
    void aHandshakeWithoutATokenIsAnswered401WithABearerChallengeAndOpensNoWebSocket() {
        try (RawWsClient raw = RawWsClient.connect(wsPort, "/")) {
            assertThat(raw.status()).isEqualTo(401);
            assertThat(raw.responseHead())
                    .containsIgnoringCase("www-authenticate: Bearer realm=\"metrics-streamer\"\r\n");
            assertThat(json(raw.responseBody())).isEqualTo(json("{\"error\":\"a token is required: send "
                    + "Authorization: Bearer TOKEN, or ?token=TOKEN in the URL\"}"));
            assertThat(raw.readFrame()).as("no WebSocket: the server closes").isNull();
        }
        JsonNode stats = statistics();
        assertThat(stats.get("total_clients_connected").intValue()).isZero();
        assertThat(stats.get("auth_failures").get("handshake_unauthorized").intValue()).isEqualTo(1);
    }

    @Test
    void aServerWithIssuerAndAudienceRefusesTokensMintedForAnotherServiceWithTheSameKey() {
        try (TestServer strict = TestServer.start(b -> b.authJwtSecret(Tokens.SECRET).authJwtIssuer("ops")
                .authJwtAudience("metrics-streamer"))) {
            Instant hour = Instant.now().plusSeconds(3600);
            String forUs = Tokens.hs256("ci", hour, b -> b.issuer("ops").audience("metrics-streamer"));
            String forGrafana = Tokens.hs256("ci", hour, b -> b.issuer("ops").audience("grafana"));

            try (RawWsClient refused = RawWsClient.connect(strict.streamer().getPort(), "/?token=" + forGrafana);
                 RawWsClient admitted = RawWsClient.connect(strict.streamer().getPort(), "/?token=" + forUs)) {
                assertThat(refused.status()).isEqualTo(401);
                assertThat(json(refused.responseBody()).path("error").asText())
                        .contains("the token is not meant for this server: its audience lacks metrics-streamer");
                assertThat(admitted.status()).isEqualTo(101);
            }
            assertThat(TestServer.send(HttpRequest.newBuilder(strict.http("/api/metrics"))
                    .header("Authorization", "Bearer " + Tokens.hs256("ci", hour, b -> b.audience("metrics-streamer")
                            .claim("publish", true)))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metric_type\":\"system\",\"data\":{}}"))
                    .build()).statusCode()).as("no iss").isEqualTo(401);
        }
    }

    @Test
    void everyKindOfBadTokenIsRefused401SayingWhy() throws Exception {
        Instant hour = Instant.now().plusSeconds(3600);
        String valid = alice();
        List<String> refused = List.of(
                "garbage",
                Tokens.hs256("alice", Instant.now().minusSeconds(1), b -> { }),
                new PlainJWT(Tokens.claims("alice", hour).build()).serialize(),
                Tokens.withPayload(valid, Tokens.claims("alice", hour).claim("admin", true).build()),
                Tokens.sign(JWSAlgorithm.HS256, new JWTClaimsSet.Builder().subject("alice").build()),
                Tokens.sign(new MACSigner(Files.readAllBytes(Tokens.rsaPublicPem(dir))), JWSAlgorithm.HS256,
                        Tokens.claims("mallory", hour).build()),
                Tokens.sign(JWSAlgorithm.ES256, Tokens.claims("alice", hour).build()));
        List<String> why = new ArrayList<>();
        for (String token : refused) {
            try (RawWsClient raw = RawWsClient.connect(wsPort, "/?token=" + token)) {
                assertThat(raw.status()).as(token).isEqualTo(401);
                assertThat(raw.responseHead()).containsIgnoringCase("www-authenticate: Bearer "
                        + "realm=\"metrics-streamer\", error=\"invalid_token\"");
                why.add(json(raw.responseBody()).get("error").textValue());
            }
        }
        assertThat(why.get(1)).startsWith("the token expired at");
        assertThat(why.get(2)).startsWith("unsigned tokens (alg none) are refused");
        assertThat(why.get(3)).isEqualTo("the token's signature does not verify");
        assertThat(why.get(4)).contains("no exp");
        assertThat(why.get(5)).isEqualTo("the token's signature does not verify");
        assertThat(why.get(6)).isEqualTo("tokens signed with ES256 are refused; this server accepts [HS256, RS256]");
    }

    @Test
    void aTokenInTheHeaderOrInTheUrlOpensTheWebSocketOnEitherPort() {
        try (WsTestClient header = WsTestClient.connect(server.wsUri(), bearer(alice()));
             WsTestClient query = WsTestClient.connect(withToken("", alice()));
             WsTestClient rsa = WsTestClient.connect(URI.create(server.wsUriOnHttpPort() + "?token=" + admin()))) {
            assertThat(header.welcome().get("user").textValue()).isEqualTo("alice");
            assertThat(query.welcome().get("user").textValue()).isEqualTo("alice");
            assertThat(rsa.welcome().get("user").textValue()).isEqualTo("root");
            assertThat(header.welcome().get("expires_at").textValue()).endsWith(".000000Z");

            JsonNode clients = statistics().get("clients");
            List<String> users = new ArrayList<>();
            clients.forEach(c -> users.add(c.get("user").textValue()));
            assertThat(users).containsExactlyInAnyOrder("alice", "alice", "root");
        }
    }

    @Test
    void anOriginNotListedIs403AndAHandshakeWithoutOriginGoesOn() {
        try (RawWsClient evil = RawWsClient.connect(wsPort, "/", Map.of("Origin", "https://evil.example",
                "Authorization", "Bearer " + alice()))) {
            assertThat(evil.status()).isEqualTo(403);
            assertThat(json(evil.responseBody())).isEqualTo(json("{\"error\":\"origin https://evil.example is not "
                    + "allowed to connect (--allowed-origins)\"}"));
        }
        try (RawWsClient listed = RawWsClient.connect(wsPort, "/", Map.of("Origin", DASHBOARD,
                "Authorization", "Bearer " + alice()));
             RawWsClient none = RawWsClient.connect(wsPort, "/", bearer(alice()))) {
            assertThat(listed.status()).isEqualTo(101);
            assertThat(none.status()).isEqualTo(101);
        }
        assertThat(statistics().get("auth_failures").get("origin_forbidden").intValue()).isEqualTo(1);
    }

    @Test
    void theUrlsParametersStayWithinTheTokensCeilings() {
        try (RawWsClient beyond = RawWsClient.connect(wsPort, "/?metric_types=system,business&token=" + alice())) {
            assertThat(beyond.status()).isEqualTo(403);
            assertThat(json(beyond.responseBody()).get("error").textValue())
                    .startsWith("your token does not allow metric type(s) [business]");
        }
        try (WsTestClient c = WsTestClient.connect(withToken("agent_ids=a2,a3", alice()))) {
            assertThat(c.next("filters_updated").get("filters")).isEqualTo(json("{\"agent_ids\":[\"a2\"]}"));
            server.streamer().queueMetric("agent", List.of(Map.of("agent_id", "a1"), Map.of("agent_id", "a2"),
                    Map.of("agent_id", "a3")));
            server.streamer().queueMetric("business", Map.of("n", 1));
            server.streamer().queueMetric("system", Map.of("n", 2));
            List<JsonNode> got = c.metrics(2);
            assertThat(got.get(0).get("data")).isEqualTo(json("[{\"agent_id\":\"a2\"}]"));
            assertThat(got.get(1).get("metric_type").textValue()).isEqualTo("system");
        }
    }

    @Test
    void aReplayAtConnectSeesNoTypeOrAgentBeyondTheCeilings() {
        server.streamer().queueMetric("business", Map.of("secret", 1));
        server.streamer().queueMetric("agent", Map.of("agent_id", "a3", "load", 9));
        server.streamer().queueMetric("agent", Map.of("agent_id", "a1", "load", 1));
        server.streamer().queueMetric("system", Map.of("tps", 5));
        await().atMost(AT_MOST).until(() -> statistics().get("history_size").intValue() == 4);
        String epoch = statistics().get("epoch").textValue();

        try (WsTestClient c = WsTestClient.connect(withToken("since_seq=0&epoch=" + epoch, alice()))) {
            List<JsonNode> replayed = c.metrics(2);
            JsonNode done = c.next("replay_complete");

            assertThat(replayed).extracting(e -> e.get("metric_type").textValue()).containsExactly("agent", "system");
            assertThat(replayed.get(0).get("data").get("agent_id").textValue()).isEqualTo("a1");
            assertThat(done.get("count").intValue()).isEqualTo(2);
            assertThat(c.staysQuiet(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void aRefreshedConnectionOutlivesItsFirstTokenAndAnUnrefreshedOneIsClosed1008TokenExpired() {
        Instant soon = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
        String shortToken = Tokens.hs256("alice", soon, b -> { });
        try (WsTestClient refreshed = WsTestClient.connect(server.wsUri(), bearer(shortToken));
             WsTestClient expiring = WsTestClient.connect(withToken("", shortToken))) {
            JsonNode bad = refreshed.request("{\"type\":\"refresh\",\"token\":\"not-a-token\"}");
            assertThat(bad.get("code").textValue()).isEqualTo("invalid_token");
            assertThat(refreshed.request("{\"type\":\"ping\"}").get("type").textValue()).as("still open")
                    .isEqualTo("pong");

            Instant later = soon.plusSeconds(3600);
            JsonNode ok = refreshed.request("{\"type\":\"refresh\",\"token\":\""
                    + Tokens.hs256("alice", later, b -> { }) + "\"}");
            assertThat(ok).isEqualTo(json("{\"type\":\"refreshed\",\"expires_at\":\"" + later.toString()
                    .replace("Z", ".000000Z") + "\"}"));

            assertThat(expiring.awaitCloseCode()).isEqualTo(1008);
            assertThat(expiring.closeReason()).isEqualTo("token expired");
            assertThat(Instant.now()).as("not before its exp").isAfterOrEqualTo(soon);
            assertThat(refreshed.isClosed()).isFalse();
            assertThat(refreshed.request("{\"type\":\"ping\"}").get("type").textValue()).isEqualTo("pong");
        }
        JsonNode failures = statistics().get("auth_failures");
        assertThat(failures.get("token_expired").intValue()).isEqualTo(1);
        assertThat(failures.get("invalid_token").intValue()).isEqualTo(1);
    }

    @Test
    void subscribingBeyondTheCeilingIsForbiddenOnTheWire() {
        try (WsTestClient c = WsTestClient.connect(server.wsUri(), bearer(alice()))) {
            JsonNode error = c.request("{\"type\":\"subscribe\",\"metric_types\":[\"business\"]}");
            JsonNode all = c.request("{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}");

            assertThat(error.get("code").textValue()).isEqualTo("forbidden");
            assertThat(all).isEqualTo(json("{\"type\":\"subscription_confirmed\",\"metric_types\":[\"agent\","
                    + "\"system\"]}"));
        }
    }

    @Test
    void publishingNeedsATokenWithPublishTrue() {
        HttpResponse<String> none = post(null);
        HttpResponse<String> reader = post(alice());
        HttpResponse<String> adminOnly = post(admin());
        HttpResponse<String> publisher = post(Tokens.hs256("loadgen", Instant.now().plusSeconds(60),
                b -> b.claim("publish", true)));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"metrics-streamer\"");
        assertThat(json(none.body()).get("error").textValue())
                .isEqualTo("a token is required: send Authorization: Bearer TOKEN");
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.headers().firstValue("www-authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"");
        assertThat(json(reader.body()).get("error").textValue()).contains("publish");
        assertThat(adminOnly.statusCode()).isEqualTo(403);
        assertThat(publisher.statusCode()).isEqualTo(202);
        assertThat(post("Bearer-less").statusCode()).isEqualTo(401);
    }

    @Test
    void statisticsAndMetricsNeedATokenWithAdminTrueAndTheRestStaysOpen() {
        String publisher = Tokens.hs256("loadgen", Instant.now().plusSeconds(60), b -> b.claim("publish", true));
        for (String path : List.of("/api/statistics", "/metrics")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, publisher).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, admin()).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : List.of("/healthz", "/", "/websocket_test_client.html", "/js/dashboard.js")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
        }
        String metrics = get("/metrics", admin()).body();
        assertThat(metrics).contains("metrics_streamer_auth_failures_total{kind=\"http_unauthorized\"} 2.0")
                .contains("metrics_streamer_auth_failures_total{kind=\"http_forbidden\"} 2.0");
    }

    @Test
    void aPlainRequestOnTheEndpointSaysWhyATokenIsRefusedBeforeItAsksForAnUpgrade() {
        assertThat(get("/ws", null).statusCode()).isEqualTo(401);
        HttpResponse<String> expired = get("/ws?token=" + Tokens.hs256("alice", Instant.now().minusSeconds(5),
                b -> { }), null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired.body()).get("error").textValue()).startsWith("the token expired at");
        assertThat(get("/ws?token=" + alice(), null).statusCode()).isEqualTo(426);
    }

    @Test
    void theJavaApiIsTrustedAndNeedsNoToken() {
        try (WsTestClient c = WsTestClient.connect(server.wsUri(), bearer(alice()))) {
            assertThat(server.streamer().broadcastSystemMetrics(
                    io.metricsstreamer.model.SystemMetrics.builder().throughputTps(7).build())).isTrue();
            assertThat(c.metrics(1).get(0).get("data").get("throughput_tps").intValue()).isEqualTo(7);
            assertThat(server.streamer().getStatistics().clients().get(0).user()).isEqualTo("alice");
        }
    }
}
