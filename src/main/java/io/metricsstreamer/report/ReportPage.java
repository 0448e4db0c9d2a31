package io.metricsstreamer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one HTML document: the header and tables rendered here (readable without script, and printable),
 * the charts drawn in the page by uPlot from the data embedded as JSON. Its Content-Security-Policy forbids every
 * fetch and runs only the two inlined scripts, by their SHA-256.
 */
final class ReportPage {
    /** The id of the element that holds the chart data. */
    static final String DATA_ID = "report-data";

    private static final String[][] CHARTS = {
        {"throughput", "Throughput achieved vs target", "requests per second"},
        {"latency", "Latency p50, p95, p99 and max", "milliseconds"},
        {"errors", "Error and timeout rate", "percent of requests"},
        {"endpoint-p99", "p99 latency by endpoint", "milliseconds"},
        {"endpoint-throughput", "Throughput by endpoint", "requests per second"},
        {"resources", "Load generator CPU and memory", "percent"},
    };

    private ReportPage() {
    }

    /** The document. */
    static String render(ObjectNode summary, Intervals system, Map<String, Intervals> endpoints,
                         ReportAssets assets) {
        ObjectNode data = ChartData.of(summary, system, endpoints);
        String json;
        try {
            json = Html.scriptJson(Json.mapper().writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart data is a tree of plain values and always serialises", e);
        }
        String uplotJs = inlinable(assets.uplotJs(), "script");
        String pageJs = inlinable(assets.pageJs(), "script");
        String title = "Load test report" + text(summary, "target", "target_url", "url");
        StringBuilder out = new StringBuilder(64 * 1024 + json.length() + uplotJs.length());
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
                .append(hash(uplotJs)).append(' ').append(hash(pageJs))
                .append("; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"metrics-streamer ")
                .append(Html.text(assets.productVersion())).append("\">\n<title>").append(Html.text(title))
                .append("</title>\n<style>").append(inlinable(assets.uplotCss(), "style")).append("</style>\n<style>")
                .append(inlinable(assets.pageCss(), "style")).append("</style>\n</head>\n<body>\n");
        Verdict.html(out, summary);
        out.append("\n<main>\n");
        Figures.html(out, summary);
        out.append("\n<section id=\"charts\"><h2>Over time</h2>");
        samplingNote(out, data.get("sampling"));
        for (String[] c : CHARTS) {
            out.append("<figure class=\"chart\" data-chart=\"").append(c[0]).append("\"><figcaption>").append(c[1])
                    .append(" <span class=\"unit\">").append(c[2]).append("</span></figcaption>")
                    .append("<div class=\"plot\"></div></figure>");
        }
        out.append("<noscript><p class=\"note\">The charts need JavaScript; the figures and tables above and below "
                + "do not.</p></noscript></section>\n");
        Tables.statusCodes(out, summary.get("status_codes"), summary.get("failures"));
        out.append('\n');
        Tables.endpoints(out, endpoints);
        out.append('\n');
        Tables.others(out, summary);
        out.append("\n</main>\n<footer>Written by metrics-streamer ").append(Html.text(assets.productVersion()))
                .append(" with uPlot ").append(Html.text(assets.uplotVersion()))
                .append(" (MIT License) inlined: this file needs no network to open.</footer>\n")
                .append("<script type=\"application/json\" id=\"").append(DATA_ID).append("\">").append(json)
                .append("</script>\n<script>").append(uplotJs).append("</script>\n<script>").append(pageJs)
                .append("</script>\n</body></html>\n");
        return out.toString();
    }

    private static void samplingNote(StringBuilder out, com.fasterxml.jackson.databind.JsonNode sampling) {
        int intervals = sampling.path("intervals").asInt();
        int per = sampling.path("intervals_per_point").asInt(1);
        out.append("<p class=\"note\" id=\"sampling\">");
        if (per > 1) {
            out.append("Downsampled: ").append(Format.number(intervals)).append(" intervals of 250 ms are drawn as at"
                    + " most ").append(Format.number(ChartData.MAX_POINTS)).append(" points of ").append(per)
                    .append(" intervals each: throughputs, rates and utilisations as their mean, latencies as the "
                            + "worst of them.");
        } else {
            out.append("Every 250 ms interval of the run is drawn (").append(Format.number(intervals))
                    .append(" intervals).");
        }
        int endpoints = sampling.path("endpoints").asInt();
        int charted = sampling.path("endpoints_charted").asInt();
        if (charted < endpoints) {
            out.append(" The endpoint charts draw the ").append(charted).append(" busiest of the ")
                    .append(Format.number(endpoints)).append(" endpoints; the table lists them all.");
        }
        out.append("</p>");
    }

    private static String text(ObjectNode summary, String... keys) {
        for (String k : keys) {
            if (summary.hasNonNull(k) && summary.get(k).isValueNode()) {
                return ": " + summary.get(k).asText();
            }
        }
        return "";
    }

    /** {@code body}, checked to hold no end tag of the {@code element} it is inlined into. */
    private static String inlinable(String body, String element) {
        if (body.toLowerCase(Locale.ROOT).contains("</" + element)) {
            throw new IllegalStateException("a bundled " + element + " holds </" + element + " and cannot be inlined");
        }
        return body;
    }

    /** The CSP source that allows exactly the inline script {@code body}. */
    private static String hash(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
