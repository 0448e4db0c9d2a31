/**
 * The {@code bench} load tool: the workloads W0..W4 of the shared C harness ({@code shared/bench}), plus W5 (filtered
 * fan-out), W6 (large metrics, a stuck client) and W7 (replays at connect), run from one JVM against a server it
 * starts as a child process, or against a running one.
 *
 * <p>Parts: {@link io.metricsstreamer.bench.Workload} (the definitions), {@link io.metricsstreamer.bench.ClientFleet}
 * (Netty clients speaking WebSocket on the raw byte stream, {@link io.metricsstreamer.bench.BenchClientHandler},
 * whose {@link io.metricsstreamer.bench.ServerFrameReader} scans each frame with
 * {@link io.metricsstreamer.bench.FrameScanner} as its bytes arrive instead of assembling and parsing it),
 * {@link io.metricsstreamer.bench.Publisher} (open-loop HTTP publisher paced by
 * {@link io.metricsstreamer.bench.RatePacer}), {@link io.metricsstreamer.bench.WorkloadRunner} (one measured run),
 * {@link io.metricsstreamer.bench.SaturationSearch} (W4), {@link io.metricsstreamer.bench.ReplayRunner} (W7: the
 * history filled by {@link io.metricsstreamer.bench.HistoryFill}, every client replaying it at connect, its
 * {@code replay_complete} read as a {@link io.metricsstreamer.bench.ReplayComplete} and counted in
 * {@link io.metricsstreamer.bench.ReplayCounters}, the figures added by
 * {@link io.metricsstreamer.bench.ReplayReport}), {@link io.metricsstreamer.bench.Bench} (the whole command) and
 * {@link io.metricsstreamer.bench.ResultTable} (the output).
 *
 * <p>Latency is receipt time minus the {@code data.sent_us} stamp the publisher embeds; both come from
 * {@code System.nanoTime() / 1000} of this JVM, recorded in HdrHistogram recorders. Coordinated omission: a
 * publisher connection cannot POST while its previous POST is pending, so a metric's stamp is its build time moved
 * back by however long the server held the publisher past the metric's intended send time; offers skipped because
 * the publisher fell more than 100 ms behind are announced in the next metric and filled in by the clients with
 * synthetic samples, in a second histogram (see {@link io.metricsstreamer.bench.Publisher}).
 *
 * <p>Threading: client handlers run on their Netty event loop and write only their loop's
 * {@link io.metricsstreamer.bench.LoopStats}; publishers run on their own threads; the rest runs on the caller's
 * thread.
 */
package io.metricsstreamer.bench;
