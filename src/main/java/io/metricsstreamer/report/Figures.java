package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The whole run's figures from the summary, in groups: throughput and requests, latency, errors, the load
 * generator's own resources, and the scheduling error (every {@code schedule_error*} field) when present.
 */
final class Figures {
    private record Figure(String field, String label) {
    }

    private record Group(String title, List<Figure> figures) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group("Throughput", List.of(new Figure("throughput_tps", "Achieved"),
                    new Figure("requests_scheduled", "Scheduled"), new Figure("requests_total", "Requests"),
                    new Figure("requests_successful", "Successful"), new Figure("requests_failed", "Failed"))),
            new Group("Latency (from each request's intended start)", List.of(
                    new Figure("avg_response_time_ms", "Mean"), new Figure("p50_response_time_ms", "p50"),
                    new Figure("p95_response_time_ms", "p95"), new Figure("p99_response_time_ms", "p99"),
                    new Figure("p999_response_time_ms", "p99.9"), new Figure("max_response_time_ms", "Max"))),
            new Group("Errors", List.of(new Figure("error_rate", "Error rate"),
                    new Figure("timeout_rate", "Timeout rate"))),
            new Group("Load generator", List.of(new Figure("cpu_utilization", "CPU"),
                    new Figure("memory_utilization", "Memory"), new Figure("network_throughput_mbps", "Network"))));
    /** The prefixes of the scheduling-error fields: a number each ({@code schedule_error_p99_ms}), or an object. */
    private static final List<String> SCHEDULE = List.of("schedule_error", "scheduling_error");

    /** The summary fields the figures show (besides every scheduling-error field). */
    static final Set<String> KEYS = keys();

    private Figures() {
    }

    private static Set<String> keys() {
        Set<String> k = new HashSet<>();
        GROUPS.forEach(g -> g.figures().forEach(f -> k.add(f.field())));
        return Set.copyOf(k);
    }

    /** Whether {@code field} is shown by the figures. */
    static boolean shows(String field) {
        return KEYS.contains(field) || SCHEDULE.stream().anyMatch(field::startsWith);
    }

    /** The figures of {@code summary}. */
    static void html(StringBuilder out, ObjectNode summary) {
        out.append("<section id=\"figures\"><h2>Whole run</h2>");
        for (Group g : GROUPS) {
            group(out, summary, g);
        }
        // The scheduling error's figures, gathered into one object: a field each, or an object's fields.
        ObjectNode schedule = summary.objectNode();
        List<Figure> figures = new ArrayList<>();
        summary.properties().forEach(f -> {
            String prefix = SCHEDULE.stream().filter(f.getKey()::startsWith).findFirst().orElse(null);
            if (prefix == null) {
                return;
            }
            String suffix = f.getKey().substring(prefix.length());
            if (f.getValue().isObject()) {
                String unit = f.getKey().endsWith("_ms") ? "_ms" : "";
                f.getValue().properties().forEach(p -> {
                    String key = f.getKey() + "." + p.getKey() + unit;
                    schedule.set(key, p.getValue());
                    figures.add(new Figure(key, label(p.getKey())));
                });
            } else {
                schedule.set(f.getKey(), f.getValue());
                figures.add(new Figure(f.getKey(), label(suffix)));
            }
        });
        if (!figures.isEmpty()) {
            group(out, schedule, new Group("Scheduling error (actual minus intended start)", figures));
        }
        out.append("</section>");
    }

    private static void group(StringBuilder out, ObjectNode summary, Group g) {
        out.append("<div class=\"group\"><h3>").append(Html.text(g.title())).append("</h3><div class=\"cards\">");
        for (Figure f : g.figures()) {
            JsonNode v = summary.get(f.field());
            out.append("<div class=\"figure\" data-field=\"").append(Html.text(f.field())).append("\"><span class=\""
                    + "label\">").append(Html.text(f.label())).append("</span><span class=\"value\">")
                    .append(v == null || v.isNull() ? Format.MISSING : NodeHtml.of(f.field(), v)).append("</span>");
            if ("throughput_tps".equals(f.field())) {
                double target = Column.number(summary.get("target_tps"));
                double got = Column.number(v);
                if (!Double.isNaN(target) && target > 0 && !Double.isNaN(got)) {
                    out.append("<span class=\"sub\">of ").append(Html.text(Format.tps(target))).append(" (")
                            .append(Html.text(Format.percent(got / target))).append(")</span>");
                }
            }
            out.append("</div>");
        }
        out.append("</div></div>");
    }

    /** A readable label for a scheduling-error field's suffix: {@code _p99_ms} is "p99", {@code p999} "p99.9". */
    private static String label(String suffix) {
        String s = suffix.replaceFirst("^_", "").replaceFirst("_ms$", "").toLowerCase(Locale.ROOT);
        if (s.matches("p999+")) {
            s = "p99." + s.substring(3);
        }
        return s.isEmpty() ? "value" : s.replace('_', ' ');
    }
}
