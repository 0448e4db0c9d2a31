package io.metricsstreamer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.testing.RunSamples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report file as bytes and text: one valid UTF-8 document, its data, its escaping, and nothing to fetch. */
class RunReportTest {
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    private static final String HOSTILE = "</script><script>window.pwned=1</script><img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    private String write(RunSamples run) throws IOException {
        Path file = dir.resolve("report.html");
        RunReport.write(file, run.summary(), run.system(), run.endpoints());
        return utf8(Files.readAllBytes(file));
    }

    private static String utf8(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static JsonNode data(String html) throws IOException {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("the embedded data element").isTrue();
        return Json.mapper().readTree(m.group(1));
    }

    @Test
    void aRunBecomesOneUtf8DocumentWithItsVerdictCriteriaFiguresAndTables() throws IOException {
        String html = write(RunSamples.of(60, 1000, true));

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<meta charset=\"utf-8\">")
                .contains("<h1 id=\"verdict\" data-verdict=\"passed\">PASSED</h1>")
                .contains("data-criterion=\"max_p99_ms\"", "data-criterion=\"max_error_rate\"",
                        "data-criterion=\"min_throughput_tps\"")
                .contains("<td class=\"limit\">500.0 ms</td><td class=\"actual\">123.4 ms</td>")
                .contains("<td class=\"limit\">1.00%</td><td class=\"actual\">0.50%</td>")
                .contains("<dd id=\"meta-profile\">sustained</dd>", "<dd id=\"meta-duration\">60 s</dd>")
                .contains("data-field=\"p99_response_time_ms\"", "data-field=\"schedule_error_p99_ms\"")
                .contains("<tr data-status=\"500\">", "<tr data-endpoint=\"GET /api/users/{id}\">")
                .contains("Every 250 ms interval of the run is drawn (240 intervals).");
        assertThat(Pattern.compile("<figure class=\"chart\" data-chart=").matcher(html).results().count())
                .isEqualTo(6);
        assertThat(html).doesNotContain("id=\"other-fields\"");
    }

    @Test
    void aFailedRunSaysSoAndMarksTheCriterionThatFailed() throws IOException {
        String html = write(RunSamples.of(10, 500, false));

        assertThat(html).contains("<header class=\"verdict failed\">")
                .contains(">FAILED</h1>")
                .contains("<tr class=\"failed\" data-criterion=\"min_throughput_tps\" data-passed=\"failed\">")
                .contains("<tr class=\"passed\" data-criterion=\"max_p99_ms\" data-passed=\"passed\">");
    }

    @Test
    void theFileFetchesNothingAndNamesNoAddressButTheTarget() throws IOException {
        RunSamples run = RunSamples.of(60, 1000, true);
        String withTarget = write(run);
        run.summary().remove("target");
        String html = write(run);

        assertThat(html).doesNotContainPattern("(?i)https?:").doesNotContainPattern("(?i)\\b(src|href)\\s*=")
                .doesNotContainPattern("(?i)url\\(").doesNotContainPattern("(?i)@import").doesNotContain("//cdn");
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "script-src 'sha256-");
        List<String> addresses = new ArrayList<>();
        Pattern.compile("https?://[^\"<\\s]*").matcher(withTarget).results().forEach(r -> addresses.add(r.group()));
        assertThat(addresses).isNotEmpty().allMatch("http://127.0.0.1:8080/api/orders"::equals);
    }

    @Test
    void theEmbeddedDataParsesBackToTheRunsIntervals() throws IOException {
        RunSamples run = RunSamples.of(60, 1000, true);
        JsonNode data = data(write(run));

        JsonNode system = data.get("system");
        assertThat(system.get("elapsed")).hasSize(240);
        assertThat(system.get("elapsed").get(0).asDouble()).isEqualTo(0.25);
        double tps = run.system().get(7).get("throughput_tps").asDouble();
        assertThat(system.get("throughput_tps").get(7).asDouble()).as("to six significant digits")
                .isCloseTo(tps, within(tps * 1e-5)).isNotEqualTo(tps);
        double p99 = run.system().get(239).get("p99_response_time_ms").asDouble();
        assertThat(system.get("p99_ms").get(239).asDouble()).isCloseTo(p99, within(p99 * 1e-5));
        assertThat(system.get("target_tps").get(100).asDouble()).isEqualTo(1000);
        assertThat(data.get("endpoints")).extracting(e -> e.get("name").asText())
                .containsExactly("GET /api/orders", "GET /api/users/{id}", "POST /api/orders");
        assertThat(data.at("/sampling/intervals_per_point").asInt()).isEqualTo(1);
    }

    @Test
    void endpointThroughputComesFromTheRunningTotalsWhenAnIntervalHasNoRate() throws IOException {
        RunSamples run = RunSamples.of(2, 400, true, List.of("GET /"));
        List<ObjectNode> intervals = run.endpoints().get("GET /");
        JsonNode tps = data(write(run)).at("/endpoints/0/throughput_tps");

        assertThat(tps).hasSize(8);
        double first = intervals.get(0).get("requests_processed").asDouble() / 0.25;
        double third = (intervals.get(2).get("requests_processed").asDouble()
                - intervals.get(1).get("requests_processed").asDouble()) / 0.25;
        assertThat(tps.get(0).asDouble()).isCloseTo(first, within(first * 1e-5));
        assertThat(tps.get(2).asDouble()).isCloseTo(third, within(third * 1e-5));

        intervals.forEach(i -> i.put("throughput_tps", 77.0));
        assertThat(data(write(run)).at("/endpoints/0/throughput_tps/5").asDouble()).isEqualTo(77.0);
    }

    @Test
    void hostileStringsFromTheRunAreTextNeverMarkup() throws IOException {
        RunSamples run = RunSamples.of(5, 100, true, List.of(HOSTILE, "GET /ok"));
        run.summary().put("target", HOSTILE);
        run.summary().put("profile", "\"><script>window.pwned=3</script>");
        run.summary().putObject("criteria").putObject(HOSTILE).put("limit", HOSTILE);
        run.summary().put(HOSTILE, HOSTILE);
        ((ObjectNode) run.summary().get("status_codes")).put(HOSTILE, 1);
        String html = write(run);

        assertThat(html).doesNotContain(HOSTILE).doesNotContain("<script>window.pwned")
                .doesNotContain("<img").doesNotContain("\"><script>");
        assertThat(html).contains("&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x "
                + "onerror=alert(1)&gt;");
        assertThat(Pattern.compile("(?i)</script").matcher(html).results().count()).as("only our own end tags")
                .isEqualTo(3);
        assertThat(Pattern.compile("(?i)<script").matcher(html).results().count()).isEqualTo(3);
        assertThat(data(html).get("endpoints")).extracting(e -> e.get("name").asText()).contains(HOSTILE);
    }

    @Test
    void missingFiguresAreDashesAndUnknownOnesAreListed() throws IOException {
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("requests_total", 12);
        summary.putObject("latency_by_phase").put("warmup_p99_ms", 12.5).put("note", "cold caches");
        summary.putArray("phases").add("ramp").add("hold");
        Path file = dir.resolve("sub/dir/r.html");
        RunReport.write(file, summary, null, null);
        String html = utf8(Files.readAllBytes(file));

        assertThat(html).contains("data-verdict=\"unknown\">NOT JUDGED</h1>")
                .contains("<dd id=\"meta-target\">\u2014</dd>")
                .contains("No success criteria were set.", "No responses by status were recorded.",
                        "No endpoint figures were recorded.")
                .contains("<span class=\"label\">p99</span><span class=\"value\">\u2014</span>")
                .contains("<span class=\"label\">Requests</span><span class=\"value\">12</span>")
                .contains("id=\"other-fields\"", "<th scope=\"row\">warmup_p99_ms</th><td>12.5 ms</td>",
                        "<td>cold caches</td>", "<th scope=\"row\">phases</th><td>ramp, hold</td>");
        assertThat(data(html).at("/system/elapsed")).isEmpty();

        RunReport.write(dir.resolve("null.html"), null, List.of(), Map.of());
        assertThat(Files.readString(dir.resolve("null.html"))).contains("NOT JUDGED");
    }

    @Test
    void criteriaGivenAsAnArrayOrAsBareLimitsAreShownToo() throws IOException {
        RunSamples run = RunSamples.of(2, 100, true);
        ObjectNode summary = run.summary();
        summary.putArray("criteria").addObject().put("name", "max_p99_ms").put("threshold", 200).put("value", 250)
                .put("passed", false).put("window", "whole run");
        String array = write(run);
        summary.putObject("criteria").put("max_error_rate", 0.02);
        String bare = write(run);

        assertThat(array).contains("<tr class=\"failed\" data-criterion=\"max_p99_ms\" data-passed=\"failed\">")
                .contains("<td class=\"limit\">200.0 ms</td><td class=\"actual\">250.0 ms</td>")
                .contains("<td class=\"details\">window: whole run</td>");
        assertThat(bare).contains("data-criterion=\"max_error_rate\" data-passed=\"unknown\">")
                .contains("<td class=\"limit\">2.00%</td><td class=\"actual\">\u2014</td>");
    }

    @Test
    void longRunsAreDrawnFromAtMost2000PointsThatKeepTheirWorstLatency() throws IOException {
        RunSamples run = RunSamples.of(3600, 200, true);
        String html = write(run);
        JsonNode system = data(html).get("system");

        assertThat(system.get("elapsed")).hasSize(1800);
        assertThat(system.get("p99_ms")).hasSize(1800);
        double worst = run.system().stream().mapToDouble(s -> s.get("max_response_time_ms").asDouble()).max()
                .orElseThrow();
        double drawn = 0;
        for (JsonNode v : system.get("max_ms")) {
            drawn = Math.max(drawn, v.asDouble());
        }
        assertThat(drawn).isCloseTo(worst, within(worst * 1e-5));
        assertThat(data(html).at("/sampling/intervals_per_point").asInt()).isEqualTo(8);
        assertThat(data(html).at("/endpoints/0/elapsed")).hasSize(1800);
        assertThat(html).contains("Downsampled: 14,400 intervals of 250 ms are drawn as at most 2,000 points of 8");
    }

    @Test
    void aProfileThatChangesRateDrawsEachIntervalsTarget() throws IOException {
        RunSamples run = RunSamples.of(10, 100, true);
        for (int i = 0; i < run.system().size(); i++) {
            run.system().get(i).put("target_tps", 10.0 + i);
        }
        run.summary().putObject("profile").put("profile_type", "ramp_up").put("start_tps", 10).put("peak_tps", 49);
        String html = write(run);

        JsonNode target = data(html).at("/system/target_tps");
        assertThat(target).hasSize(40);
        assertThat(target.get(0).asDouble()).isEqualTo(10.0);
        assertThat(target.get(39).asDouble()).isEqualTo(49.0);
        assertThat(html).contains("<dd id=\"meta-profile\">ramp_up</dd>")
                .contains("<th scope=\"row\">profile</th><td><table class=\"nested\"><tbody>"
                        + "<tr><th scope=\"row\">profile_type</th><td>ramp_up</td></tr>"
                        + "<tr><th scope=\"row\">start_tps</th><td>10.0/s</td></tr>");
    }

    @Test
    void theEndpointChartsDrawTheTenBusiestAndTheTableListsThemAll() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add("GET /e" + i);
        }
        RunSamples run = RunSamples.of(2, 1200, true, names);
        List<ObjectNode> quiet = run.endpoints().get("GET /e3");
        quiet.forEach(n -> n.put("requests_processed", 1));
        run.endpoints().get("GET /e7").forEach(n -> n.remove("requests_processed"));
        String html = write(run);

        assertThat(data(html).get("endpoints")).extracting(e -> e.get("name").asText()).hasSize(10)
                .doesNotContain("GET /e3", "GET /e7");
        assertThat(html).contains("The endpoint charts draw the 10 busiest of the 12 endpoints")
                .contains("<tr data-endpoint=\"GET /e3\">", "<tr data-endpoint=\"GET /e7\">");
    }

    @Test
    void theRunCommandsSummaryShapeIsShownInFull() throws IOException {
        RunSamples run = RunSamples.of(5, 100, false);
        ObjectNode summary = run.summary();
        summary.remove(List.of("schedule_error_p50_ms", "schedule_error_p99_ms"));
        summary.put("name", "checkout").put("p999_response_time_ms", 250.5).put("requests_scheduled", 500)
                .put("stopped_early", true).put("warm_up_requests", 3);
        summary.putObject("scheduling_error_ms").put("p50", 0.05).put("p99", 0.8).put("p999", 1.2).put("max", 3.5);
        summary.putObject("failures").put("timeout", 2).put("connect", 1);
        summary.putObject("status_codes").put("200", 490).put("503", 7);
        summary.putObject("profile").put("profile_type", "burst").put("burst_tps", 400);
        String html = write(run);

        assertThat(html).contains("<p class=\"kicker\">Load test report: checkout</p>")
                .contains("<dd id=\"meta-profile\">burst</dd>")
                .contains("id=\"stopped-early\">Stopped before the schedule ended")
                .contains("<span class=\"label\">p99.9</span><span class=\"value\">250.5 ms</span>")
                .contains("<span class=\"label\">Scheduled</span><span class=\"value\">500</span>")
                .contains("data-field=\"scheduling_error_ms.p999_ms\"><span class=\"label\">p99.9</span>"
                        + "<span class=\"value\">1.20 ms</span>")
                .contains("<span class=\"label\">max</span><span class=\"value\">3.50 ms</span>")
                .contains("<tr data-status=\"503\"><th scope=\"row\">503</th><td class=\"num\">7</td>"
                        + "<td class=\"num\">1.40%</td></tr>")
                .contains("<tr data-status=\"timeout (no status)\">")
                .contains("<th scope=\"row\">warm_up_requests</th><td>3</td>")
                .doesNotContain("<th scope=\"row\">failures</th>", "<th scope=\"row\">stopped_early</th>",
                        "<th scope=\"row\">scheduling_error_ms</th>");
    }

    @Test
    void pointsKeepSixSignificantDigits() {
        assertThat(Column.significant(987.2345678912)).isEqualTo(987.235);
        assertThat(Column.significant(0.000123456789)).isEqualTo(0.000123457);
        assertThat(Column.significant(12345678.9)).isEqualTo(12345679);
        assertThat(Column.significant(-4.25)).isEqualTo(-4.25);
        assertThat(Column.significant(0)).isZero();
        assertThat(Column.significant(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        assertThat(Column.significant(Double.MAX_VALUE)).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void aReportReplacesTheFileWholeAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");
        RunSamples run = RunSamples.of(1, 10, true);
        RunReport.write(file, run.summary(), run.system(), run.endpoints());

        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        Path plain = Files.createFile(dir.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(file)).as("as readable as any new file")
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
