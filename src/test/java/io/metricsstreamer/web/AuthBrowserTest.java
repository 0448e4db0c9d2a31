package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.Tokens;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The pages against a server with authentication on (SPEC §10): opened with {@code ?token=} they connect with it, and
 * without one, with an expired one, or from an origin not allowed they stop and say why.
 */
@Timeout(120)
class AuthBrowserTest extends BrowserTests {
    private static final String HOOK = "return window.metricsDashboard?.";
    /** What Chromium logs of a refused handshake and of the page's question to the server about it. */
    private static final String EXPECTED_CONSOLE = "(?s).*(WebSocket connection to .* failed|Failed to load resource: "
            + "the server responded with a status of 40[13]).*";
    /** The life of the tokens that are to expire during a test. */
    private static final int SHORT_SECONDS = 8;
    private TestServer server;

    @AfterEach
    void leavePageAndStop() {
        if (browser != null) {
            browser.open(URI.create("about:blank"));
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(List<String> origins) {
        server = TestServer.start(b -> b.authJwtSecret(Tokens.SECRET).allowedOrigins(origins));
    }

    private Object hook(String call) {
        return browser.js(HOOK + call + ";");
    }

    private void awaitState(String state) {
        browser.await("dashboard " + state, d -> state.equals(hook("state()"))
                && state.equals(browser.find("#connection-status").getAttribute("data-state")));
    }

    private void assertCleanPage() {
        assertCleanTestClient();
        assertThat((List<?>) hook("errors()")).as("uncaught page errors").isEmpty();
    }

    private void assertCleanTestClient() {
        String origin = "http://127.0.0.1:" + server.streamer().getHttpPort();
        assertThat(browser.foreignRequests(origin)).as("requests to anywhere but " + origin).isEmpty();
        assertThat(browser.severeConsoleEntries()).filteredOn(m -> !m.matches(EXPECTED_CONSOLE)).isEmpty();
    }

    private static String alice(Instant expires) {
        return Tokens.hs256("alice", expires, b -> b.claim("metric_types", List.of("system")));
    }

    @Test
    void theDashboardOpenedWithATokenConnectsWithItAndDrawsMetrics() {
        start(List.of());
        String token = alice(Instant.now().plusSeconds(3600));
        browser.open(server.http("/?token=" + token));
        awaitState("live");

        server.streamer().broadcastSystemMetrics(SystemMetrics.builder().throughputTps(1234).build());
        browser.await("a point", d -> ((Number) hook("pointCount('throughput')")).intValue() == 1);
        assertThat(hook("user()")).isEqualTo("alice");
        assertThat(browser.text("#client-id")).endsWith("· alice");
        assertThat(browser.text("#ws-url-display")).as("the token is not shown").doesNotContain(token);
        assertThat(hook("authProblem()")).isNull();
        assertThat(server.streamer().getStatistics().clients().get(0).user()).isEqualTo("alice");
        assertCleanPage();
    }

    @Test
    void theDashboardWithoutATokenStopsAndShowsTheRefusal() {
        start(List.of());
        browser.open(server.http("/"));

        awaitState("stopped");
        assertThat((String) hook("authProblem()")).isEqualTo("The server refused the connection (HTTP 401): a token "
                + "is required: send Authorization: Bearer TOKEN, or ?token=TOKEN in the URL. Open this page with "
                + "?token=TOKEN (a valid token; see docs/SECURITY.md).");
        assertThat(browser.text("#connection-text")).isEqualTo("Not connected · refused");
        assertThat(browser.find("#auth-error").isDisplayed()).isTrue();
        assertCleanPage();
    }

    @Test
    void theDashboardFromAnOriginNotAllowedShowsThe403() {
        start(List.of("https://dash.example.com"));
        browser.open(server.http("/?token=" + alice(Instant.now().plusSeconds(3600))));

        awaitState("stopped");
        assertThat((String) hook("authProblem()")).startsWith("The server refused the connection (HTTP 403): origin "
                + "http://127.0.0.1:" + server.streamer().getHttpPort() + " is not allowed to connect");
        assertCleanPage();
    }

    @Test
    void theDashboardSaysSoWhenItsTokenExpiresAndARefreshedOneGoesOn() {
        start(List.of());
        // Long enough for a page to load and connect on a loaded machine; the wait for it is the test's cost.
        Instant soon = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(SHORT_SECONDS);
        String shortToken = alice(soon);
        browser.open(server.http("/?token=" + shortToken));
        awaitState("live");
        assertThat(hook("expiresAt()")).isEqualTo(soon.toString().replace("Z", ".000000Z"));
        browser.await("the expiry warning", d -> browser.find("#auth-notice").isDisplayed());

        browser.await("the token expired", d -> hook("authProblem()") != null);
        awaitState("stopped");
        assertThat((String) hook("authProblem()")).startsWith("Your token expired, and the server closed the "
                + "connection (1008 token expired).");
        assertThat(browser.text("#connection-text")).isEqualTo("Not connected · token expired");

        // A page whose embedder hands it a new token before expiry goes on past the first token's exp.
        Instant soonAgain = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(SHORT_SECONDS);
        browser.open(server.http("/?token=" + alice(soonAgain)));
        awaitState("live");
        try (WsTestClient witness = WsTestClient.connect(server.wsUri(),
                Map.of("Authorization", "Bearer " + alice(soonAgain)))) {
            Instant later = soonAgain.plusSeconds(3600);
            assertThat(hook("refresh('" + alice(later) + "')")).isEqualTo(true);
            browser.await("refreshed", d -> later.toString().replace("Z", ".000000Z").equals(hook("expiresAt()")));
            assertThat(witness.awaitCloseCode()).as("the same first token expired").isEqualTo(1008);
            assertThat((String) hook("state()")).isEqualTo("live");
            assertThat(hook("authProblem()")).isNull();
        }
        assertCleanPage();
    }

    @Test
    void theTestClientTakesTheTokenOfItsUrlRefreshesItAndExplainsARefusal() {
        start(List.of());
        String token = alice(Instant.now().plusSeconds(600));
        browser.open(server.http("/websocket_test_client.html?token=" + token));
        assertThat(browser.find("#token").getAttribute("value")).isEqualTo(token);

        browser.find("#connect").click();
        browser.await("connected", d -> "connected".equals(browser.find("#status").getAttribute("data-state")));
        browser.await("the user", d -> browser.text("#auth-state").startsWith("alice · token expires"));
        WebElement field = browser.find("#token");
        field.clear();
        field.sendKeys(alice(Instant.now().plusSeconds(7200)));
        browser.find("#refresh-token").click();
        browser.await("refreshed logged", d -> !d.findElements(By.cssSelector(
                "#log > .entry[data-direction='in'][data-type='refreshed']")).isEmpty());

        browser.find("#disconnect").click();
        field.clear();
        browser.find("#connect").click();
        browser.await("the refusal", d -> browser.text("#last-error").startsWith("refused: The server refused the "
                + "connection (HTTP 401): a token is required"));
        assertThat(browser.driver().findElements(By.cssSelector(
                "#log > .entry[data-direction='local'][data-type='refused']"))).hasSize(1);
        assertCleanTestClient();
    }
}
