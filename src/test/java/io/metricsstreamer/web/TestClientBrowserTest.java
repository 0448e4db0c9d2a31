package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The WebSocket test client page (SPEC §7) in headless Chromium, against a real server. */
@Timeout(120)
class TestClientBrowserTest extends BrowserTests {
    private TestServer server;

    @BeforeEach
    void openPage() {
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
        JsonNode sent = awaitEntry("out", "set_update_interval");
        assertThat(sent.path("interval_seconds").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("mode").asText()).as("the mode selector's default").isEqualTo("all");
        assertThat(awaitEntry("in", "update_interval_set").path("interval_seconds").asDouble()).isEqualTo(0.5);
        awaitText("#interval-confirmed", "0.5 s · all");
    }

    /** The metrics of these logged deliveries: their envelopes, in order. */
    private static List<JsonNode> envelopesIn(List<JsonNode> deliveries) {
        List<JsonNode> envelopes = new ArrayList<>();
        for (JsonNode d : deliveries) {
            if (d.path("data").isArray()) {
                d.path("data").forEach(envelopes::add);
            } else {
                envelopes.add(d.path("data"));
            }
        }
        return envelopes;
    }

    private List<JsonNode> deliveries() {
        List<JsonNode> all = entries("in", "metric_update");
        all.addAll(entries("in", "metric_batch"));
        return all;
    }

    private static String heroes(int from, int to) {
        StringBuilder body = new StringBuilder("[");
        for (int n = from; n <= to; n++) {
            body.append(n == from ? "" : ",").append("{\"metric_type\":\"hero\",\"data\":{\"n\":").append(n)
                    .append("}}");
        }
        return body.append(']').toString();
    }

    @Test
    void latestModeIsSentWithTheIntervalAndTheLogShowsWhatADeliveryConflated() {
        connect();
        type("#interval", "1");
        new Select(browser.find("#interval-mode")).selectByValue("latest");
        browser.find("#set-interval").click();
        JsonNode sent = awaitEntry("out", "set_update_interval");
        assertThat(sent.path("interval_seconds").asDouble()).isEqualTo(1);
        assertThat(sent.path("mode").asText()).isEqualTo("latest");
        JsonNode set = awaitEntry("in", "update_interval_set");
        assertThat(set.path("mode").asText()).isEqualTo("latest");
        assertThat(set.path("interval_seconds").asDouble()).isEqualTo(1);
        awaitText("#interval-confirmed", "1 s · latest");

        // Six of one key within one interval: at most the first goes alone, the rest come as their newest.
        assertThat(server.post(heroes(1, 6)).statusCode()).isEqualTo(202);
        browser.await("each of the six delivered or conflated", d -> {
            List<JsonNode> deliveries = deliveries();
            int conflated = deliveries.stream().mapToInt(m -> m.path("conflated").asInt()).sum();
            return envelopesIn(deliveries).size() + conflated == 6;
        });
        List<JsonNode> delivered = envelopesIn(deliveries());
        assertThat(delivered).as("the first alone at most, then the newest").hasSizeBetween(1, 2);
        assertThat(delivered.get(delivered.size() - 1).at("/data/n").asInt()).as("the newest").isEqualTo(6);
        WebElement marked = browser.find("#log > .entry[data-conflated]");
        JsonNode delivery = TestServer.parse(marked.findElement(By.cssSelector(".json")).getAttribute("textContent"));
        int conflated = delivery.path("conflated").asInt();
        assertThat(conflated).isEqualTo(6 - delivered.size());
        assertThat(marked.getAttribute("data-conflated")).isEqualTo(String.valueOf(conflated));
        assertThat(marked.findElement(By.cssSelector(".type small")).getAttribute("textContent"))
                .endsWith(conflated + " conflated");
        awaitText("#totals", conflated + " conflated");
    }

    @Test
    void anAggregationIsConfirmedAndItsEnvelopesAreMarkedInTheLogUntilSwitchedOff() {
        connect();
        type("#agg-window", "1");
        new Select(browser.find("#agg-function")).selectByValue("avg");
        type("#agg-functions", "peak=max");
        browser.find("#agg-apply").click();
        JsonNode sent = awaitEntry("out", "set_aggregation");
        assertThat(sent.path("window_seconds").asDouble()).isEqualTo(1);
        assertThat(sent.path("function").asText()).isEqualTo("avg");
        assertThat(sent.path("functions").properties()).hasSize(1);
        assertThat(sent.at("/functions/peak").asText()).isEqualTo("max");
        JsonNode set = awaitEntry("in", "aggregation_set");
        assertThat(set.path("window_seconds").asDouble()).isEqualTo(1);
        assertThat(set.path("function").asText()).isEqualTo("avg");
        assertThat(set.at("/functions/peak").asText()).isEqualTo("max");
        awaitText("#aggregation", "1 s · avg · peak=max");

        // The first results are those of the first whole window after the request: publish until one comes.
        AtomicInteger published = new AtomicInteger();
        String marked = "#log > .entry[data-direction='in'][data-aggregated]";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int n = published.incrementAndGet();
            assertThat(server.post("{\"metric_type\":\"hero\",\"data\":{\"n\":" + n + ",\"peak\":" + n + "}}")
                    .statusCode()).isEqualTo(202);
            return !browser.driver().findElements(By.cssSelector(marked)).isEmpty();
        });
        WebElement entry = browser.find(marked);
        JsonNode delivery = TestServer.parse(entry.findElement(By.cssSelector(".json")).getAttribute("textContent"));
        List<JsonNode> envelopes = envelopesIn(List.of(delivery));
        assertThat(envelopes).as("one key, one envelope per window").hasSize(1);
        JsonNode env = envelopes.get(0);
        JsonNode aggregated = env.path("aggregated");
        int count = aggregated.path("count").asInt();
        assertThat(count).isPositive();
        assertThat(aggregated.path("window_seconds").asDouble()).isEqualTo(1);
        assertThat(aggregated.path("function").asText()).isEqualTo("avg");
        assertThat(aggregated.at("/functions/peak").asText()).isEqualTo("max");
        long fromSeq = aggregated.path("from_seq").asLong();
        long toSeq = aggregated.path("to_seq").asLong();
        assertThat(toSeq - fromSeq + 1).as("only these heroes are published: their seqs follow").isEqualTo(count);
        assertThat(env.path("seq").asLong()).isEqualTo(toSeq);
        assertThat(Instant.parse(env.path("timestamp").asText()).getNano()).as("a 1 s window's end").isZero();
        // n and peak both count up with the seq: n's average trails peak's maximum by (K - 1) / 2.
        assertThat(env.at("/data/peak").asDouble() - env.at("/data/n").asDouble()).isCloseTo((count - 1) / 2.0,
                within(1e-9));
        assertThat(entry.getAttribute("data-aggregated")).isEqualTo(String.valueOf(count));
        assertThat(entry.findElement(By.cssSelector(".tag[data-tag='aggregated']")).getAttribute("textContent"))
                .isEqualTo("aggregated ×" + count + " over 1 s");
        assertThat(browser.driver().findElements(By.cssSelector("#log > .entry[data-direction='in']"
                + ":is([data-type='metric_update'], [data-type='metric_batch']):not([data-aggregated])")))
                .as("aggregation holds back the metrics themselves").isEmpty();

        browser.find("#agg-off").click();
        browser.await("the second set_aggregation", d -> entries("out", "set_aggregation").size() == 2);
        assertThat(awaitEntry("out", "set_aggregation").path("window_seconds").asDouble()).isZero();
        browser.await("the second aggregation_set", d -> entries("in", "aggregation_set").size() == 2);
        assertThat(awaitEntry("in", "aggregation_set").path("window_seconds").asDouble()).isZero();
        browser.await("aggregation off", d -> "off".equals(browser.text("#aggregation")));
    }

    @Test
    void overridesThePageCannotReadAreNotSentButAnUnknownFunctionReachesTheServer() {
        connect();
        type("#agg-functions", "peak max, n=min");
        browser.find("#agg-apply").click();
        browser.await("the problem shown", d -> browser.find("#agg-problem").isDisplayed());
        assertThat(browser.text("#agg-problem")).isEqualTo("not sent: \"peak max\" is not field=function");
        browser.find("#ping").click();
        awaitEntry("in", "pong");
        assertThat(entries("out", "set_aggregation")).as("nothing sent before the ping").isEmpty();

        type("#agg-functions", "peak=median");
        assertThat(browser.find("#agg-problem").isDisplayed()).as("editing clears the problem").isFalse();
        browser.find("#agg-apply").click();
        assertThat(awaitEntry("out", "set_aggregation").at("/functions/peak").asText()).isEqualTo("median");
        assertThat(awaitEntry("in", "error").path("code").asText()).isEqualTo("invalid_message");
        awaitText("#last-error", "functions.peak");
        assertThat(entries("in", "aggregation_set")).isEmpty();
        assertThat(browser.text("#aggregation")).isEqualTo("off (default)");
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
