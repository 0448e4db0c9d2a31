package io.metricsstreamer.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Turns what a run measured into its {@link RunResult}, with the C harness's definitions: delivered/s and frames/s
 * over the measured window (and, ours only, the bytes the clients read from their sockets in it, per second and per
 * delivered metric: the WebSocket frames with their headers, compressed or not);
 * {@code missing = published x clients_ready - received} after the drain; latency percentiles of the metrics sent
 * after the warm-up; server CPU cores = utime+stime over the window / its length, and per delivered metric; RSS per
 * connection = (RSS after every client subscribed and settled - RSS before) / clients ready. A run that timed no
 * metric is {@code invalid} and has no latencies.
 */
final class RunReport {
    /** A run met the offered load when published and delivered are both at least this share of offered. */
    static final double RATE_OK = 0.97;

    private RunReport() {
    }

    static RunResult build(Workload w, WorkloadRunner.Measured m, Publisher pub, ClientTotals t) {
        RunResult r = new RunResult();
        r.put("workload", w.name()).put("description", w.description()).put("clients", w.clients())
                .put("clients_ready", m.ready).put("clients_failed", m.failed).put("rate", w.rate(), 1)
                .put("duration_s", w.durationS(), 2).put("warmup_s", w.warmupS(), 2)
                .put("batch_size", w.batchSize()).put("batch_timeout_s", w.batchTimeoutS(), 3)
                .put("filter_views", w.filtered() ? FilterMix.VIEWS : 0)
                .put("metric_mix", w.mix().name().toLowerCase(Locale.ROOT))
                .put("publish_format", w.format().name().toLowerCase(Locale.ROOT))
                .put("client_deflate", w.clientDeflate())
                .put("transport", m.epoll ? "epoll" : "nio").put("loadavg_before", m.loadAvg);
        publisher(r, m, pub);
        delivery(r, w, m, t);
        latency(r, t.latency, t.synthetic);
        resources(r, m, t);
        if (m.clustered) {
            cluster(r, m);
        }
        return r;
    }

    private static void publisher(RunResult r, WorkloadRunner.Measured m, Publisher pub) {
        double pubS = (pub.actualEndNanos() - m.startNanos) / 1e9;
        Histogram posts = pub.postLatencies();
        r.put("published", pub.published()).put("published_rate", pubS > 0 ? pub.published() / pubS : 0, 1)
                .put("posts", pub.posts()).put("post_errors", pub.postErrors()).put("skipped", pub.skipped())
                .put("post_p99_ms", posts.getTotalCount() == 0 ? Double.NaN
                        : posts.getValueAtPercentile(99) / 1000.0, 3);
    }

    private static void delivery(RunResult r, Workload w, WorkloadRunner.Measured m, ClientTotals t) {
        double windowS = Math.max(1e-9, (m.window1 - m.window0) / 1e9);
        long missing = m.expected - t.received;
        double delivered = t.counts.metricsInWindow / windowS;
        r.put("expected", m.expected).put("received", t.received).put("missing", missing)
                .put("missing_pct", m.expected > 0 ? 100.0 * missing / m.expected : 0.0, 4)
                .put("dropped_reported", t.counts.droppedReported).put("out_of_order", t.counts.outOfOrder)
                .put("duplicates", t.counts.duplicates).put("seq_gaps", t.counts.gaps)
                .put("delivered_per_s", delivered, 1)
                .put("frames_per_s", t.counts.framesInWindow / windowS, 1).put("frames_total", t.counts.framesTotal)
                .put("wire_bytes_per_s", t.counts.wireBytesInWindow / windowS, 0)
                .put("wire_bytes_per_metric", t.counts.metricsInWindow > 0
                        ? (double) t.counts.wireBytesInWindow / t.counts.metricsInWindow : Double.NaN, 1)
                .put("compressed_messages", t.counts.compressedMessages)
                .put("window_s", windowS, 3)
                .put("connect_s", m.connectS, 3).put("drain_s", m.drainS, 3);
        double published = r.num("published_rate");
        r.put("offered_met", published >= RATE_OK * w.rate() && delivered >= RATE_OK * w.rate() * m.ready);
    }

    private static void latency(RunResult r, Histogram h, Histogram skipped) {
        r.put("lat_n", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            r.put("invalid", "no metric timed in the measured window");
            for (String k : new String[] {"lat_p50_ms", "lat_p99_ms", "lat_p999_ms", "lat_max_ms", "lat_mean_ms"}) {
                r.put(k, null);
            }
        } else {
            r.put("lat_p50_ms", ms(h.getValueAtPercentile(50)), 3).put("lat_p99_ms", ms(h.getValueAtPercentile(99)), 3)
                    .put("lat_p999_ms", ms(h.getValueAtPercentile(99.9)), 3).put("lat_max_ms", ms(h.getMaxValue()), 3)
                    .put("lat_mean_ms", h.getMean() / 1000.0, 3);
        }
        r.put("lat_skipped_samples", skipped.getTotalCount());
        if (skipped.getTotalCount() > 0) {
            Histogram all = h.copy();
            all.add(skipped);
            r.put("lat_incl_skipped_p50_ms", ms(all.getValueAtPercentile(50)), 3)
                    .put("lat_incl_skipped_p99_ms", ms(all.getValueAtPercentile(99)), 3)
                    .put("lat_incl_skipped_p999_ms", ms(all.getValueAtPercentile(99.9)), 3)
                    .put("lat_incl_skipped_max_ms", ms(all.getMaxValue()), 3);
        }
    }

    private static void resources(RunResult r, WorkloadRunner.Measured m, ClientTotals t) {
        double windowS = Math.max(1e-9, (m.window1 - m.window0) / 1e9);
        double serverCpu = m.serverCpu1 - m.serverCpu0;
        double cores = serverCpu / windowS;
        double delivered = r.num("delivered_per_s");
        double published = r.num("published_rate");
        r.put("server_cpu_s", serverCpu, 3).put("server_cpu_cores", cores, 3)
                .put("server_cpu_us_per_metric", delivered > 0 ? cores * 1e6 / delivered : Double.NaN, 3)
                .put("server_cpu_us_per_published", published > 0 ? cores * 1e6 / published : Double.NaN, 3)
                .put("client_cpu_cores", (m.selfCpu1 - m.selfCpu0) / windowS, 3)
                .put("server_rss_base_kb", kb(m.rssBase)).put("server_rss_connected_kb", kb(m.rssConnected))
                .put("server_rss_end_kb", kb(m.rssEnd)).put("server_peak_rss_kb", kb(m.peakRss))
                .put("rss_per_conn_bytes", m.ready > 0 && m.rssBase >= 0 && m.rssConnected >= 0
                        ? (double) Math.round((m.rssConnected - m.rssBase) * 1024.0 / m.ready) : Double.NaN)
                .put("close_frames", t.counts.closeFrames).put("close_1008", t.counts.close1008)
                .put("error_replies", t.counts.errorReplies).put("binary_frames", t.counts.binaryFrames)
                .put("open_at_end", m.openAtEnd).put("server_died", m.dead);
    }

    /**
     * A cluster run's own figures: its nodes (CPU and memory above are their sums) and Redis's CPU over the window,
     * in cores and per metric published in it (each is sequenced and stored once, then read by every node).
     */
    private static void cluster(RunResult r, WorkloadRunner.Measured m) {
        double windowS = Math.max(1e-9, (m.window1 - m.window0) / 1e9);
        double redisCpu = m.redisCpu1 - m.redisCpu0;
        long published = m.published1 - m.published0;
        r.put("nodes", m.nodes).put("redis_cpu_s", redisCpu, 3).put("redis_cpu_cores", redisCpu / windowS, 3)
                .put("redis_cpu_us_per_published", published > 0 ? redisCpu * 1e6 / published : Double.NaN, 3)
                .put("redis_cpu_us_per_metric", r.num("delivered_per_s") > 0
                        ? redisCpu / windowS * 1e6 / r.num("delivered_per_s") : Double.NaN, 4);
    }

    private static Long kb(long v) {
        return v < 0 ? null : v;
    }

    private static double ms(long us) {
        return us / 1000.0;
    }
}
