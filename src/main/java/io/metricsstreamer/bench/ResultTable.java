package io.metricsstreamer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable output: one block of labelled lines per workload as it finishes, and one summary table with a
 * row per workload at the end. Figures that were not measured (no server pid, no metric timed) print as {@code -}.
 * Stateless.
 */
final class ResultTable {
    private static final String[] HEADER = {"workload", "delivered/s", "frames/s", "p50 ms", "p99 ms", "p99.9 ms",
        "max ms", "missing %", "out-of-order", "dropped", "srv cores", "srv us/metric", "srv peak MiB", "B/conn",
        "bench cores"};

    private ResultTable() {
    }

    /** The block of one workload's result. */
    static List<String> block(Workload w, RunResult r) {
        List<String> out = new ArrayList<>();
        out.add(w.summary());
        if (r.has("error")) {
            out.add(row("error", r.text("error")));
            return out;
        }
        if (w.saturation()) {
            saturation(r, out);
            return out;
        }
        out.add(row("clients", f("%d ready of %d (%d failed), connect %.2f s, %s", r.count("clients_ready"),
                r.count("clients"), r.count("clients_failed"), r.num("connect_s"), r.text("transport")
                + (Boolean.TRUE.equals(r.asMap().get("tls")) ? f(", TLS (server %s, clients %s)",
                        r.text("tls_engine_server"), r.text("tls_engine_clients")) : ""))));
        out.add(row("published", f("%.0f/s offered, %d accepted (%.1f/s), %d skipped, %d POST errors, POST p99 %s ms",
                r.num("rate"), r.count("published"), r.num("published_rate"), r.count("skipped"),
                r.count("post_errors"), n(r, "post_p99_ms", "%.2f"))));
        out.add(row("delivered", f("%.0f metrics/s, %.0f frames/s (offered load met: %s)", r.num("delivered_per_s"),
                r.num("frames_per_s"), Boolean.TRUE.equals(r.asMap().get("offered_met")) ? "yes" : "NO")));
        out.add(row("on the wire", f("%s MB/s, %s bytes per delivered metric%s", n(r, "wire_bytes_per_s", "%.0f")
                .equals("-") ? "-" : f("%.1f", r.num("wire_bytes_per_s") / 1e6), n(r, "wire_bytes_per_metric", "%.1f"),
                w.clientDeflate() ? f(" (clients offering deflate; %d messages came compressed)",
                        r.count("compressed_messages")) : "")));
        out.add(row("completeness", f("expected %d, received %d, missing %d (%.3f%%), out-of-order %d, duplicates "
                + "%d, seq gaps %d, dropped reported %d", r.count("expected"), r.count("received"), r.count("missing"),
                r.num("missing_pct"), r.count("out_of_order"), r.count("duplicates"), r.count("seq_gaps"),
                r.count("dropped_reported"))));
        if (w.replays()) {
            replays(r, out);
        }
        out.add(row("latency", latency(r, "lat_")));
        if (r.count("lat_skipped_samples") > 0) {
            out.add(row("incl. skipped", latency(r, "lat_incl_skipped_")));
        }
        out.add(row("server CPU", f("%s cores, %s us per delivered metric, %s us per published metric",
                n(r, "server_cpu_cores", "%.2f"), n(r, "server_cpu_us_per_metric", "%.2f"),
                n(r, "server_cpu_us_per_published", "%.1f"))));
        out.add(row("server memory", f("base %s MiB, connected %s MiB, peak %s MiB, %s B/conn",
                mib(r, "server_rss_base_kb"), mib(r, "server_rss_connected_kb"), mib(r, "server_peak_rss_kb"),
                n(r, "rss_per_conn_bytes", "%.0f"))));
        out.add(row("bench CPU", f("%s cores (clients and publisher, this JVM)", n(r, "client_cpu_cores", "%.2f"))));
        if (r.has("nodes")) {
            out.add(row("cluster", f("%d nodes (server CPU and memory summed over them), %d dropped by the nodes; "
                    + "Redis %s cores, %s us per published metric, %s us per delivered metric",
                    r.count("nodes"), r.count("server_dropped"), n(r, "redis_cpu_cores", "%.3f"),
                    n(r, "redis_cpu_us_per_published", "%.2f"), n(r, "redis_cpu_us_per_metric", "%.4f"))));
        }
        if (r.count("close_frames") > 0 || r.count("error_replies") > 0 || r.has("invalid")
                || Boolean.TRUE.equals(r.asMap().get("server_died"))) {
            out.add(row("problems", f("%d closed by the server (%d slow consumer), %d error replies%s%s",
                    r.count("close_frames"), r.count("close_1008"), r.count("error_replies"),
                    r.has("invalid") ? ", INVALID: " + r.text("invalid") : "",
                    Boolean.TRUE.equals(r.asMap().get("server_died")) ? ", the server died" : "")));
        }
        return out;
    }

    /** A replay workload's own lines (see {@link ReplayReport}). */
    private static void replays(RunResult r, List<String> out) {
        out.add(row("history", f("%d metrics filled in %.2f s; the server held %d (%s MiB counted), RSS %s MiB",
                r.count("history_fill"), r.num("fill_s"), r.count("history_size_filled"),
                f("%.1f", r.num("history_bytes_filled") / (1 << 20)), mib(r, "server_rss_filled_kb"))));
        out.add(row("replays", f("%d complete, %d recovered, %d count mismatches; %d metrics replayed in %.2f s "
                + "(%.0f/s), %d live metrics received meanwhile", r.count("replays_completed"),
                r.count("replays_recovered"), r.count("replay_count_mismatches"), r.count("metrics_replayed"),
                r.num("replay_phase_s"), r.num("replayed_per_s"), r.count("live_received_in_replay_phase"))));
        out.add(row("replay time", f("connect to replay_complete: min %s  p50 %s  p99 %s  max %s ms",
                n(r, "replay_min_ms", "%.1f"), n(r, "replay_p50_ms", "%.1f"), n(r, "replay_p99_ms", "%.1f"),
                n(r, "replay_max_ms", "%.1f"))));
        out.add(row("replay CPU", f("server %s cores, %s us per replayed metric (live publishing included); bench %s "
                + "cores", n(r, "replay_server_cpu_cores", "%.2f"), n(r, "server_cpu_us_per_replayed_metric", "%.3f"),
                n(r, "replay_client_cpu_cores", "%.2f"))));
        out.add(row("server counts", f("%s replays, %s metrics replayed; history at the end %s metrics",
                n(r, "server_total_replays", "%.0f"), n(r, "server_metrics_replayed", "%.0f"),
                n(r, "history_size_end", "%.0f"))));
    }

    private static void saturation(RunResult r, List<String> out) {
        out.add(row("max rate", f("%.0f metrics/s (p99 < %.0f ms, nothing lost, >= 97%% published)",
                r.num("max_rate"), SaturationSearch.P99_LIMIT_MS)));
        StringBuilder steps = new StringBuilder();
        if (r.asMap().get("steps") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> s) {
                    steps.append(steps.length() == 0 ? "" : ", ").append(f("%.0f %s", (Double) s.get("rate"),
                            Boolean.TRUE.equals(s.get("pass")) ? "pass" : "FAIL"));
                }
            }
        }
        out.add(row("steps", steps.toString()));
        out.add(row("at max rate", f("delivered %s metrics/s, p99 %s ms, server CPU %s cores, %s us per metric",
                n(r, "delivered_per_s", "%.0f"), n(r, "lat_p99_ms", "%.2f"), n(r, "server_cpu_cores", "%.2f"),
                n(r, "server_cpu_us_per_metric", "%.2f"))));
    }

    /** The summary table: a header and one row per result. */
    static List<String> summary(List<Workload> workloads, List<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            String name = workloads.get(i).name() + (workloads.get(i).saturation() ? f(" @%.0f", r.num("max_rate"))
                    : "");
            rows.add(new String[] {name, n(r, "delivered_per_s", "%.0f"), n(r, "frames_per_s", "%.0f"),
                n(r, "lat_p50_ms", "%.2f"), n(r, "lat_p99_ms", "%.2f"), n(r, "lat_p999_ms", "%.2f"),
                n(r, "lat_max_ms", "%.2f"), n(r, "missing_pct", "%.3f"), n(r, "out_of_order", "%.0f"),
                n(r, "dropped_reported", "%.0f"), n(r, "server_cpu_cores", "%.2f"),
                n(r, "server_cpu_us_per_metric", "%.2f"), mib(r, "server_peak_rss_kb"),
                n(r, "rss_per_conn_bytes", "%.0f"), n(r, "client_cpu_cores", "%.2f")});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String cell = c == 0 ? pad(row[c], width[c], false) : pad(row[c], width[c], true);
                sb.append(c == 0 ? "" : "  ").append(cell);
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    private static String latency(RunResult r, String prefix) {
        if (!r.has(prefix + "p99_ms")) {
            return "- (no metric timed in the measured window)";
        }
        String s = f("p50 %s  p99 %s  p99.9 %s  max %s ms", n(r, prefix + "p50_ms", "%.2f"),
                n(r, prefix + "p99_ms", "%.2f"), n(r, prefix + "p999_ms", "%.2f"), n(r, prefix + "max_ms", "%.2f"));
        return "lat_".equals(prefix) ? s + f(" (n=%d)", r.count("lat_n"))
                : s + f(" (%d synthetic samples for skipped offers)", r.count("lat_skipped_samples"));
    }

    private static String row(String label, String text) {
        return "  " + pad(label, 15, false) + text;
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String n(RunResult r, String key, String format) {
        return r.has(key) && !Double.isNaN(r.num(key)) ? f(format, r.num(key)) : "-";
    }

    private static String mib(RunResult r, String key) {
        return r.has(key) ? f("%.1f", r.num(key) / 1024.0) : "-";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
