package io.metricsstreamer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

/**
 * Adds a replay run's own figures (W7) to its {@link RunResult}: the history filled (metrics, time, what the server
 * then held, RSS); the replays (completed, whole, their {@code count} against the metrics their clients received
 * before it, the time from each client's connect to its {@code replay_complete}); the replay phase (from the first
 * connect to the last {@code replay_complete}: metrics replayed per second, server CPU per replayed metric, which
 * includes the live publishing meanwhile, and the bench's CPU); and the server's own replay counts.
 */
final class ReplayReport {
    private ReplayReport() {
    }

    static void add(RunResult r, ReplayRunner.Measured rm, ClientTotals t) {
        ReplayCounters c = t.replays;
        double phaseS = Math.max(1e-9, (rm.t1 - rm.t0) / 1e9);
        double serverCpu = rm.serverCpu1 - rm.serverCpu0;
        r.put("history_fill", rm.filled).put("fill_s", rm.fillS, 3).put("since_seq", rm.sinceSeq)
                .put("epoch", rm.epoch).put("history_size_filled", rm.historySizeFilled)
                .put("history_bytes_filled", rm.historyBytesFilled)
                .put("server_rss_filled_kb", rm.rssFilled < 0 ? null : rm.rssFilled)
                .put("replays_completed", c.completed()).put("replays_recovered", c.recovered)
                .put("replay_count_mismatches", c.mismatched).put("metrics_replayed", c.replayed)
                .put("live_received_in_replay_phase", rm.receivedInPhase - c.receivedBefore)
                .put("replay_phase_s", phaseS, 3).put("replayed_per_s", c.replayed / phaseS, 1)
                .put("replay_server_cpu_s", serverCpu, 3).put("replay_server_cpu_cores", serverCpu / phaseS, 3)
                .put("server_cpu_us_per_replayed_metric", c.replayed > 0 ? serverCpu * 1e6 / c.replayed
                        : Double.NaN, 3)
                .put("replay_client_cpu_cores", (rm.selfCpu1 - rm.selfCpu0) / phaseS, 3);
        times(r, c.times);
        copy(r, rm.after, "total_replays", "server_total_replays");
        copy(r, rm.after, "total_metrics_replayed", "server_metrics_replayed");
        copy(r, rm.after, "history_size", "history_size_end");
        copy(r, rm.after, "history_bytes", "history_bytes_end");
    }

    /** The server's figure {@code from} as {@code to}, or null when it has none. */
    private static void copy(RunResult r, JsonNode stats, String from, String to) {
        JsonNode v = stats == null ? null : stats.get(from);
        r.put(to, v != null && v.canConvertToLong() ? (Object) v.asLong() : null);
    }

    private static void times(RunResult r, Histogram h) {
        if (h.getTotalCount() == 0) {
            for (String k : new String[] {"replay_p50_ms", "replay_p99_ms", "replay_max_ms", "replay_min_ms"}) {
                r.put(k, null);
            }
            return;
        }
        r.put("replay_min_ms", h.getMinValue() / 1000.0, 3).put("replay_p50_ms", h.getValueAtPercentile(50) / 1000.0, 3)
                .put("replay_p99_ms", h.getValueAtPercentile(99) / 1000.0, 3)
                .put("replay_max_ms", h.getMaxValue() / 1000.0, 3);
    }
}
