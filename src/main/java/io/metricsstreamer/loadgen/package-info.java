/**
 * The load generator behind {@code run}, and its Java API, the original design's orchestrator:
 * {@link io.metricsstreamer.loadgen.StressTestOrchestrator} executes a
 * {@link io.metricsstreamer.loadgen.TestScenario} (a {@link io.metricsstreamer.loadgen.Target}, a
 * {@link io.metricsstreamer.loadgen.LoadProfile}, {@link io.metricsstreamer.loadgen.SuccessCriteria}) and returns a
 * {@link io.metricsstreamer.loadgen.RunSummary}, publishing the run's SystemMetrics and per-endpoint AgentMetrics
 * every 250 ms through a {@link io.metricsstreamer.MetricsPublisher}.
 *
 * <p>An open model: {@link io.metricsstreamer.loadgen.ArrivalSchedule} turns the profile's rate into intended start
 * times, {@link io.metricsstreamer.loadgen.ArrivalPacer} hands each to the client when it is due, latencies count
 * from the intended start. Threads: the caller's thread paces; the client's one loop thread sends, receives and
 * records ({@link io.metricsstreamer.loadgen.RunRecorder} and its tallies are confined to it). The HTTP client is in
 * {@code io.metricsstreamer.loadgen.http}, the one place here that uses Netty.
 */
package io.metricsstreamer.loadgen;
