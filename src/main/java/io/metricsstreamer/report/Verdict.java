package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report's header: what was tested (target, method, profile, duration, target rate), the verdict in large type,
 * and each success criterion's limit against what the run measured. Criteria come as an object (name to
 * {@code {limit, actual, passed}}, or name to a bare limit) or as an array of such objects carrying a {@code name};
 * fields beyond those are shown beside them.
 */
final class Verdict {
    /** The summary fields the header shows. */
    static final Set<String> KEYS = Set.of("passed", "criteria", "target", "target_url", "url", "method", "profile",
            "profile_type", "profile_name", "name", "scenario", "duration_seconds", "target_tps", "timestamp");
    private static final List<String> NAME_KEYS = List.of("name", "criterion", "metric");
    private static final List<String> LIMIT_KEYS = List.of("limit", "threshold", "expected");
    private static final List<String> ACTUAL_KEYS = List.of("actual", "value", "measured");

    private Verdict() {
    }

    /** The header of the report of {@code summary}. */
    static void html(StringBuilder out, ObjectNode summary) {
        JsonNode passed = summary.get("passed");
        String state = passed != null && passed.isBoolean() ? passed.asBoolean() ? "passed" : "failed" : "unknown";
        String word = switch (state) {
            case "passed" -> "PASSED";
            case "failed" -> "FAILED";
            default -> "NOT JUDGED";
        };
        String name = first(summary, "name", "scenario");
        out.append("<header class=\"verdict ").append(state).append("\">");
        out.append("<p class=\"kicker\">Load test report").append(name == null ? "" : ": " + Html.text(name))
                .append("</p>");
        out.append("<h1 id=\"verdict\" data-verdict=\"").append(state).append("\">").append(word).append("</h1>");
        out.append("<dl class=\"meta\">");
        meta(out, "Target", first(summary, "target", "target_url", "url"), "target");
        meta(out, "Method", first(summary, "method"), "method");
        meta(out, "Profile", first(summary, "profile", "profile_type", "profile_name"), "profile");
        meta(out, "Duration", Format.seconds(Column.number(summary.get("duration_seconds"))), "duration");
        meta(out, "Target rate", Format.tps(Column.number(summary.get("target_tps"))), "target-tps");
        meta(out, "Measured", first(summary, "timestamp"), "timestamp");
        out.append("</dl>");
        if (summary.path("stopped_early").isBoolean() && summary.get("stopped_early").asBoolean()) {
            out.append("<p class=\"stopped\" id=\"stopped-early\">Stopped before the schedule ended: every figure is "
                    + "of the time it ran.</p>");
        }
        criteria(out, summary.get("criteria"));
        out.append("</header>");
    }

    private static void meta(StringBuilder out, String label, String value, String id) {
        out.append("<div><dt>").append(label).append("</dt><dd id=\"meta-").append(id).append("\">")
                .append(value == null ? Format.MISSING : Html.text(value)).append("</dd></div>");
    }

    /**
     * The first of {@code keys} the summary holds, as text, or null. An object (a profile with its parameters) is
     * its {@code profile_type}, {@code type} or {@code name} (its fields are listed under the other figures), else
     * its JSON; an array, its JSON.
     */
    private static String first(ObjectNode summary, String... keys) {
        for (String k : keys) {
            JsonNode v = summary.get(k);
            if (v != null && !v.isNull()) {
                for (String name : List.of("profile_type", "type", "name")) {
                    if (v.isObject() && v.path(name).isValueNode()) {
                        return v.get(name).asText();
                    }
                }
                return v.isValueNode() ? v.asText() : v.toString();
            }
        }
        return null;
    }

    private static void criteria(StringBuilder out, JsonNode criteria) {
        out.append("<table id=\"criteria\"><caption>Success criteria</caption><thead><tr><th scope=\"col\">"
                + "Criterion</th><th scope=\"col\">Limit</th><th scope=\"col\">Actual</th><th scope=\"col\">Result"
                + "</th><th scope=\"col\">Details</th></tr></thead><tbody>");
        int rows = 0;
        if (criteria != null && criteria.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = criteria.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> c = it.next();
                row(out, c.getKey(), c.getValue());
                rows++;
            }
        } else if (criteria != null && criteria.isArray()) {
            for (JsonNode c : criteria) {
                String name = null;
                for (String k : NAME_KEYS) {
                    name = name == null && c.hasNonNull(k) ? c.get(k).asText() : name;
                }
                row(out, name == null ? "criterion " + (rows + 1) : name, c);
                rows++;
            }
        } else if (criteria != null && !criteria.isNull()) {
            row(out, "criteria", criteria);
            rows++;
        }
        if (rows == 0) {
            out.append("<tr class=\"none\"><td colspan=\"5\">No success criteria were set.</td></tr>");
        }
        out.append("</tbody></table>");
    }

    private static void row(StringBuilder out, String name, JsonNode c) {
        JsonNode limit = c.isObject() ? pick(c, LIMIT_KEYS) : c;
        JsonNode actual = c.isObject() ? pick(c, ACTUAL_KEYS) : null;
        JsonNode passed = c.isObject() ? c.get("passed") : null;
        String state = passed != null && passed.isBoolean() ? passed.asBoolean() ? "passed" : "failed" : "unknown";
        String result = switch (state) {
            case "passed" -> "\u2714 passed";
            case "failed" -> "\u2718 failed";
            default -> Format.MISSING;
        };
        StringBuilder details = new StringBuilder();
        if (c.isObject()) {
            List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
            c.properties().forEach(f -> {
                if (!"passed".equals(f.getKey()) && !LIMIT_KEYS.contains(f.getKey())
                        && !ACTUAL_KEYS.contains(f.getKey()) && !NAME_KEYS.contains(f.getKey())) {
                    rest.add(f);
                }
            });
            for (Map.Entry<String, JsonNode> f : rest) {
                details.append(details.length() == 0 ? "" : "; ").append(Html.text(f.getKey())).append(": ")
                        .append(NodeHtml.of(f.getKey(), f.getValue()));
            }
        }
        out.append("<tr class=\"").append(state).append("\" data-criterion=\"").append(Html.text(name))
                .append("\" data-passed=\"").append(state).append("\"><th scope=\"row\">").append(Html.text(name))
                .append("</th><td class=\"limit\">").append(NodeHtml.of(name, limit))
                .append("</td><td class=\"actual\">").append(NodeHtml.of(name, actual))
                .append("</td><td class=\"result\">").append(result)
                .append("</td><td class=\"details\">").append(details).append("</td></tr>");
    }

    private static JsonNode pick(JsonNode c, List<String> keys) {
        String k = pickKey(c, keys);
        return k == null ? null : c.get(k);
    }

    private static String pickKey(JsonNode c, List<String> keys) {
        for (String k : keys) {
            if (c.has(k)) {
                return k;
            }
        }
        return null;
    }
}
