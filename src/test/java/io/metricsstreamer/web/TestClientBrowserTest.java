package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.Browser;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The WebSocket test client page (SPEC §7) in headless Chromium, against a real server. */
@Timeout(120)
class TestClientBrowserTest {
    private static Browser browser;
    private TestServer server;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.startIfInstalled();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openPage() {
        Browser.assumeInstalled();
        server = TestServer.start();
        browser.open(server.http("/websocket_test_client.html"));
    }

    @AfterEach
    void checkPageAndStop() {
        if (server == null) {
            return;
        }
        try {
            String origin = "http://127.0.0.1:" + server.streamer().getHttpPort();
            assertThat(browser.foreignRequests(origin)).as("requests to anywhere but " + origin).isEmpty();
            assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
        } finally {
            browser.open(URI.create("about:blank"));
            server.close();
        }
    }

    private void connect() {
        browser.find("#connect").click();
        browser.await("status connected", d -> "connected".equals(browser.find("#status").getAttribute("data-state")));
        awaitEntry("in", "welcome");
    }

    /** Waits for the newest log entry of this direction and type, and returns its message as JSON. */
    private JsonNode awaitEntry(String direction, String type) {
        String css = "#log > .entry[data-direction='" + direction + "'][data-type='" + type + "']";
        WebElement last = browser.await("log entry " + css, d -> {
            List<WebElement> all = d.findElements(By.cssSelector(css));
            return all.isEmpty() ? null : all.get(all.size() - 1);
        });
        return TestServer.parse(last.findElement(By.cssSelector(".json")).getAttribute("textContent"));
    }

    private List<JsonNode> entries(String direction, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (WebElement e : browser.driver().findElements(By.cssSelector(
                "#log > .entry[data-direction='" + direction + "'][data-type='" + type + "'] .json"))) {
            out.add(TestServer.parse(e.getAttribute("textContent")));
        }
        return out;
    }

    private void awaitText(String css, String expected) {
        browser.await(css + " shows " + expected, d -> browser.text(css).contains(expected));
    }

    private void type(String css, String text) {
        WebElement input = browser.find(css);
        input.clear();
        input.sendKeys(text);
    }

    @Test
    void theConsoleCheckOfTheseTestsSeesErrors() {
        browser.js("console.error('probe ' + 42);");
        assertThat(browser.severeConsoleEntries()).anyMatch(m -> m.contains("probe 42"));
    }

    @Test
    void connectsToTheOriginsWsEndpointAndLogsTheWelcome() {
        assertThat(browser.find("#ws-url").getAttribute("value"))
                .isEqualTo("ws://127.0.0.1:" + server.streamer().getHttpPort() + "/ws");
        assertThat(browser.find("#status").getAttribute("data-state")).isEqualTo("disconnected");
        connect();
        JsonNode welcome = awaitEntry("in", "welcome");
        assertThat(welcome.path("client_id").asText()).matches("client_\\d+");
        assertThat(browser.text("#status")).contains(welcome.path("client_id").asText());
        awaitText("#count-welcome", "1");
        browser.await("one client on the server", d -> server.streamer().getClientCount() == 1);

        browser.find("#disconnect").click();
        browser.await("status disconnected",
                d -> "disconnected".equals(browser.find("#status").getAttribute("data-state")));
        browser.await("no client on the server", d -> server.streamer().getClientCount() == 0);
    }

    @Test
    void untickingAndTickingATypeSendsUnsubscribeAndSubscribeAndShowsTheConfirmation() {
        connect();
        browser.find("#sub-system").click();
        JsonNode unsubscribe = awaitEntry("out", "unsubscribe");
        assertThat(unsubscribe.path("metric_types")).extracting(JsonNode::asText).containsExactly("system");
        awaitText("#subscription", "agent, business, hero, presentation");
        assertThat(browser.find("#sub-system").isSelected()).isFalse();
        assertThat(browser.find("#sub-agent").isSelected()).isTrue();

        browser.find("#sub-system").click();
        JsonNode subscribe = awaitEntry("out", "subscribe");
        assertThat(subscribe.path("metric_types")).extracting(JsonNode::asText).containsExactly("system");
        browser.await("confirmed all", d -> "all".equals(browser.text("#subscription")));
        assertThat(entries("in", "subscription_confirmed")).hasSize(2);
        assertThat(browser.find("#sub-system").isSelected()).isTrue();
    }

    @Test
    void anAgentIdsFilterLetsOnlyThoseAgentsIntoTheLoggedMessage() {
        connect();
        type("#agent-ids", "agent_2, agent_3");
        browser.find("#apply-filters").click();
        JsonNode sent = awaitEntry("out", "set_filters");
        assertThat(sent.path("filters").has("fields")).as("empty fields input: no fields filter").isFalse();
        assertThat(sent.at("/filters/agent_ids")).extracting(JsonNode::asText).containsExactly("agent_2", "agent_3");
        awaitText("#filters", "agent_3");

        assertThat(server.post("{\"metric_type\":\"agent\",\"data\":[{\"agent_id\":\"agent_1\",\"health_score\":0.9},"
                + "{\"agent_id\":\"agent_2\",\"health_score\":0.8},{\"agent_id\":\"agent_3\",\"health_score\":0.7},"
                + "{\"agent_id\":\"agent_4\",\"health_score\":0.6}]}").statusCode()).isEqualTo(202);
        JsonNode update = awaitEntry("in", "metric_update");
        assertThat(update.at("/data/data").findValuesAsText("agent_id")).containsExactly("agent_2", "agent_3");

        browser.find("#clear-filters").click();
        browser.await("filters cleared", d -> "{}".equals(browser.text("#filters")));
        assertThat(awaitEntry("out", "set_filters").path("filters").size()).isZero();
    }

    @Test
    void settingTheIntervalShowsTheServersConfirmation() {
        connect();
        type("#interval", "0.5");
        browser.find("#set-interval").click();
        assertThat(awaitEntry("out", "set_update_interval").path("interval_seconds").asDouble()).isEqualTo(0.5);
        assertThat(awaitEntry("in", "update_interval_set").path("interval_seconds").asDouble()).isEqualTo(0.5);
        awaitText("#interval-confirmed", "0.5 s");
    }

    @Test
    void pingShowsTheMeasuredRoundTrip() {
        connect();
        browser.find("#ping").click();
        String id = awaitEntry("out", "ping").path("id").asText();
        assertThat(awaitEntry("in", "pong").path("id").asText()).isEqualTo(id);
        browser.await("a round trip in ms", d -> browser.text("#rtt").matches("\\d+(\\.\\d+)? ms"));
    }

    @Test
    void aRefusedMessageShowsItsErrorCodeClearly() {
        connect();
        type("#raw", "{\"type\":\"dance\"}");
        browser.find("#send-raw").click();
        awaitEntry("out", "dance");
        JsonNode error = awaitEntry("in", "error");
        assertThat(error.path("code").asText()).isEqualTo("unknown_message_type");
        awaitText("#last-error", "unknown_message_type");
        assertThat(browser.find("#last-error").getAttribute("data-empty")).isEqualTo("false");
        awaitText("#count-error", "1");
        assertThat(browser.find("#status").getAttribute("data-state")).as("the connection stays open")
                .isEqualTo("connected");
    }

    /** The seqs of the envelopes in these logged deliveries, in order. */
    private static List<Long> seqsIn(List<JsonNode> deliveries) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode d : deliveries) {
            if (d.path("data").isArray()) {
                d.path("data").forEach(e -> seqs.add(e.path("seq").asLong()));
            } else {
                seqs.add(d.at("/data/seq").asLong());
            }
        }
        return seqs;
    }

    @Test
    void theReplayControlsSendReplaysAndTheLogMarksWhatTheyBring() {
        connect();
        JsonNode welcome = awaitEntry("in", "welcome");
        String epoch = welcome.path("epoch").asText();
        assertThat(epoch).isNotEmpty();
        assertThat(browser.find("#replay-epoch").getAttribute("value")).as("prefilled from the welcome")
                .isEqualTo(epoch);
        assertThat(browser.find("#replay-since-seq").getAttribute("value")).isEqualTo(welcome.path("seq").asText());
        assertThat(server.post("[{\"metric_type\":\"hero\",\"data\":{\"n\":1}},"
                + "{\"metric_type\":\"hero\",\"data\":{\"n\":2}},{\"metric_type\":\"hero\",\"data\":{\"n\":3}}]")
                .statusCode()).isEqualTo(202);
        awaitText("#totals", "3 metrics");
        List<Long> live = seqsIn(entries("in", "metric_update"));
        live.addAll(seqsIn(entries("in", "metric_batch")));
        assertThat(live).hasSize(3);
        long last = live.stream().mapToLong(Long::longValue).max().orElseThrow();
        browser.await("since_seq follows the last seq received",
                d -> String.valueOf(last).equals(browser.find("#replay-since-seq").getAttribute("value")));

        type("#replay-since-seq", String.valueOf(last - 2));
        browser.find("#replay-seq").click();
        JsonNode sent = awaitEntry("out", "replay");
        assertThat(sent.path("since_seq").asLong()).isEqualTo(last - 2);
        assertThat(sent.path("epoch").asText()).isEqualTo(epoch);
        JsonNode done = awaitEntry("in", "replay_complete");
        assertThat(done.path("count").asInt()).isEqualTo(2);
        assertThat(done.path("from_seq").asLong()).isEqualTo(last - 1);
        assertThat(done.path("to_seq").asLong()).isEqualTo(last);
        assertThat(done.path("recovered").asBoolean()).isTrue();
        List<WebElement> marked = browser.driver().findElements(By.cssSelector("#log > .entry[data-replay='true']"));
        assertThat(marked).isNotEmpty().allSatisfy(e -> assertThat(e.findElement(By.cssSelector(".type")).getText())
                .startsWith("replay"));
        List<JsonNode> replayed = new ArrayList<>();
        marked.forEach(e -> replayed.add(TestServer.parse(
                e.findElement(By.cssSelector(".json")).getAttribute("textContent"))));
        assertThat(replayed).allSatisfy(m -> assertThat(m.path("replay").asBoolean()).isTrue());
        assertThat(seqsIn(replayed)).containsExactly(last - 1, last);
        assertThat(browser.driver().findElements(By.cssSelector("#log > .entry[data-direction='in']"
                + ":is([data-type='metric_update'], [data-type='metric_batch']):not([data-replay])")))
                .as("live metrics are not marked").isNotEmpty();
        awaitText("#replay-result", "2 metrics");
        assertThat(browser.text("#replay-result")).contains("recovered");

        type("#replay-since-seconds", "60");
        browser.find("#replay-seconds").click();
        assertThat(awaitEntry("out", "replay").path("since_seconds").asDouble()).isEqualTo(60);
        browser.await("a second replay_complete", d -> entries("in", "replay_complete").size() == 2);
        JsonNode byTime = awaitEntry("in", "replay_complete");
        assertThat(byTime.path("count").asInt()).isEqualTo(3);
        assertThat(byTime.path("recovered").asBoolean()).isTrue();
        awaitText("#replay-result", "3 metrics");
        awaitText("#count-replay_complete", "2");
    }

    @Test
    void theLogKeepsEveryMessageButNoMoreThanItsBound() {
        connect();
        for (int i = 0; i < 30; i++) {
            StringBuilder body = new StringBuilder("[");
            for (int j = 0; j < 20; j++) {
                body.append(j == 0 ? "" : ",").append("{\"metric_type\":\"hero\",\"data\":{\"n\":").append(i * 20 + j)
                        .append("}}");
            }
            assertThat(server.post(body.append(']').toString()).statusCode()).isEqualTo(202);
        }
        browser.await("600 metrics counted", d -> browser.text("#count-metric_update").equals("600"));
        browser.await("log bounded", d -> browser.driver().findElements(By.cssSelector("#log > .entry")).size() == 500);
        JsonNode newest = TestServer.parse((String) browser.js(
                "return document.querySelector('#log > .entry:last-child .json').textContent;"));
        assertThat(newest.at("/data/data/n").asInt()).as("newest at the bottom").isEqualTo(599);
        assertThat(browser.js("return document.getElementById('log').scrollTop + document.getElementById('log')"
                + ".clientHeight >= document.getElementById('log').scrollHeight - 2;")).as("follows the newest")
                .isEqualTo(true);
    }
}
