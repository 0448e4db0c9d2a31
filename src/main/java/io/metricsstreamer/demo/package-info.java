/**
 * The demo: a synthetic stress test that feeds a {@link io.metricsstreamer.RealTimeMetricsStreamer} through its
 * public API with plausible figures: a {@link io.metricsstreamer.demo.LoadProfile} (ramp, sustained, burst, wave),
 * failures injected now and then ({@link io.metricsstreamer.demo.FailureSchedule}), per-agent behaviour
 * ({@link io.metricsstreamer.demo.AgentFleet}), and business totals that accumulate from the simulated traffic
 * ({@link io.metricsstreamer.demo.BusinessLedger}).
 *
 * <p>Threading: the models are plain single-threaded state machines driven by
 * {@link io.metricsstreamer.demo.SyntheticStressTest}, whose one scheduler thread calls them; the random source is
 * seeded, so a model stepped by hand (in tests) is deterministic.
 */
package io.metricsstreamer.demo;
