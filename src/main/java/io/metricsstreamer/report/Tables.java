package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The report's tables: responses by status code (the summary's {@code status_codes}), the endpoints (from their
 * intervals, whose {@code requests_processed}, {@code error_count} and {@code timeout_count} are running totals, as
 * every AgentMetrics source of the server publishes them), and the summary fields the report has no other place for.
 */
final class Tables {
    private Tables() {
    }

    /**
     * Requests by outcome: by status code (the summary's {@code status_codes}), then the failures without a status
     * by kind (its {@code failures}, when an object), each with its share of them all.
     */
    static void statusCodes(StringBuilder out, JsonNode codes, JsonNode failures) {
        out.append("<section id=\"status-codes\"><h2>Requests by status</h2><table><thead><tr><th scope=\"col\">"
                + "Status</th><th scope=\"col\" class=\"num\">Requests</th><th scope=\"col\" class=\"num\">Share"
                + "</th></tr></thead><tbody>");
        List<Map.Entry<String, JsonNode>> rows = new ArrayList<>();
        if (codes != null && codes.isObject()) {
            rows.addAll(codes.properties());
            rows.sort(Map.Entry.comparingByKey());
        }
        if (failures != null && failures.isObject()) {
            failures.properties().forEach(f -> rows.add(Map.entry(f.getKey() + " (no status)", f.getValue())));
        }
        double all = 0;
        for (Map.Entry<String, JsonNode> r : rows) {
            double c = Column.number(r.getValue());
            all += Double.isNaN(c) ? 0 : c;
        }
        for (Map.Entry<String, JsonNode> r : rows) {
            double c = Column.number(r.getValue());
            out.append("<tr data-status=\"").append(Html.text(r.getKey())).append("\"><th scope=\"row\">")
                    .append(Html.text(r.getKey())).append("</th><td class=\"num\">")
                    .append(Double.isNaN(c) ? NodeHtml.of("", r.getValue()) : Format.number(c))
                    .append("</td><td class=\"num\">")
                    .append(Double.isNaN(c) || all <= 0 ? Format.MISSING : Format.percent(c / all))
                    .append("</td></tr>");
        }
        if (rows.isEmpty() && codes != null && !codes.isNull() && !codes.isObject()) {
            out.append("<tr><td colspan=\"3\">").append(NodeHtml.of("status_codes", codes)).append("</td></tr>");
        } else if (rows.isEmpty()) {
            out.append("<tr class=\"none\"><td colspan=\"3\">No responses by status were recorded.</td></tr>");
        }
        out.append("</tbody></table></section>");
    }

    /** A row per endpoint: its totals, mean throughput, mean latency and its worst interval's p95 and p99. */
    static void endpoints(StringBuilder out, Map<String, Intervals> endpoints) {
        out.append("<section id=\"endpoints\"><h2>Endpoints</h2><table><thead><tr><th scope=\"col\">Endpoint</th>");
        for (String h : List.of("Requests", "Errors", "Timeouts", "Error rate", "Mean throughput", "Mean latency",
                "Worst p95", "Worst p99")) {
            out.append("<th scope=\"col\" class=\"num\">").append(h).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Map.Entry<String, Intervals> e : endpoints.entrySet()) {
            Intervals in = e.getValue();
            double requests = in.column("requests_processed").last();
            double errors = in.column("error_count").last();
            out.append("<tr data-endpoint=\"").append(Html.text(e.getKey())).append("\"><th scope=\"row\">")
                    .append(Html.text(e.getKey())).append("</th>");
            cell(out, Format.number(requests));
            cell(out, Format.number(errors));
            cell(out, Format.number(in.column("timeout_count").last()));
            cell(out, requests > 0 && !Double.isNaN(errors) ? Format.percent(errors / requests) : Format.MISSING);
            cell(out, Format.tps(in.throughput().mean()));
            cell(out, Format.ms(in.column("avg_response_time_ms").mean()));
            cell(out, Format.ms(in.column("p95_response_time_ms").max()));
            cell(out, Format.ms(in.column("p99_response_time_ms").max()));
            out.append("</tr>");
        }
        if (endpoints.isEmpty()) {
            out.append("<tr class=\"none\"><td colspan=\"9\">No endpoint figures were recorded.</td></tr>");
        }
        out.append("</tbody></table><p class=\"note\">Requests, errors and timeouts are the run's totals; mean "
                + "latency is the mean of the intervals' means; worst p95 and p99 are those of the endpoint's worst "
                + "250 ms interval.</p></section>");
    }

    /**
     * The summary's fields that no other part of the report shows in full, when there are any: those it has no place
     * for, and the objects and arrays the header names in a word (a profile with its parameters).
     */
    static void others(StringBuilder out, ObjectNode summary) {
        List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
        summary.properties().forEach(f -> {
            boolean header = Verdict.KEYS.contains(f.getKey())
                    && (f.getValue().isValueNode() || "criteria".equals(f.getKey()));
            boolean outcomes = "status_codes".equals(f.getKey())
                    || "failures".equals(f.getKey()) && f.getValue().isObject();
            boolean stopped = "stopped_early".equals(f.getKey()) && f.getValue().isBoolean(); // the header's banner
            if (!header && !Figures.shows(f.getKey()) && !outcomes && !stopped) {
                rest.add(f);
            }
        });
        if (rest.isEmpty()) {
            return;
        }
        out.append("<section id=\"other-fields\"><h2>Other figures</h2><table class=\"fields\"><tbody>");
        Iterator<Map.Entry<String, JsonNode>> it = rest.iterator();
        NodeHtml.rows(out, it, 0);
        out.append("</tbody></table></section>");
    }

    private static void cell(StringBuilder out, String text) {
        out.append("<td class=\"num\">").append(Html.text(text)).append("</td>");
    }
}
