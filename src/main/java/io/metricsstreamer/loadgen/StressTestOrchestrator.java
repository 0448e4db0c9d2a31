package io.metricsstreamer.loadgen;

import io.metricsstreamer.MetricsPublisher;
import io.metricsstreamer.loadgen.http.HttpLoadClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Executes a {@link TestScenario} against its target and streams the run's metrics while it goes, as the original
 * design's orchestrator: give it a streamer ({@link #setMetricsStreamer}), then {@link #executeScenario}.
 *
 * <p>The model is open: requests start on the profile's schedule whether or not earlier ones finished, latency is
 * measured from each request's intended start (a stalled target shows in the percentiles, none of its delay is
 * omitted), and a request due while {@code maxConnections} are in flight fails at once instead of waiting. Every
 * {@link #INTERVAL} a SystemMetrics of that interval and the endpoint's AgentMetrics are published. The run ends
 * when the schedule is over and every request in flight has ended (each does within the timeout).
 *
 * <p>One scenario at a time per orchestrator; {@link #executeScenario} blocks its caller, whose thread paces the
 * schedule, while one client thread sends the requests.
 */
public final class StressTestOrchestrator {
    /** How often the run's metrics are published. */
    public static final Duration INTERVAL = Duration.ofMillis(250);
    /** The run starts this long after it is asked to, so the first requests are not already late. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private volatile MetricsPublisher streamer;
    private volatile ArrivalPacer pacer;
    private volatile boolean stopRequested;

    /** An orchestrator that publishes nowhere until {@link #setMetricsStreamer} is called. */
    public StressTestOrchestrator() {
    }

    /** Where the run's metrics go (a {@code RealTimeMetricsStreamer}, or any publisher; null for nowhere). */
    public void setMetricsStreamer(MetricsPublisher metricsStreamer) {
        this.streamer = metricsStreamer;
    }

    /**
     * Ends the running scenario early (from any thread, e.g. on Ctrl-C): no request starts after this, those in flight
     * end, and {@link #executeScenario} returns the summary of what ran ({@code stopped_early}). Before a run, it
     * ends the next one at once.
     */
    public void stop() {
        stopRequested = true;
        ArrivalPacer running = pacer;
        if (running != null) {
            running.stop();
        }
    }

    /**
     * Runs {@code scenario} to its end and returns its summary.
     *
     * @throws InterruptedException when the calling thread is interrupted (the run stops)
     */
    public RunSummary executeScenario(TestScenario scenario) throws InterruptedException {
        return execute(scenario).summary();
    }

    /**
     * Runs {@code scenario} to its end and returns its summary with the intervals it published (for a report).
     *
     * @throws InterruptedException when the calling thread is interrupted (the run stops)
     */
    public ScenarioRun execute(TestScenario scenario) throws InterruptedException {
        long timeoutNanos = scenario.timeout().toNanos();
        HttpLoadClient[] client = new HttpLoadClient[1];
        RunRecorder recorder = new RunRecorder(scenario.target().endpoint(), streamer, () -> client[0].inFlight(),
                scenario.maxConnections());
        WarmUp warmUp = new WarmUp(recorder);
        try (HttpLoadClient c = new HttpLoadClient(scenario.target().template(), scenario.maxConnections(),
                timeoutNanos, warmUp)) {
            client[0] = c;
            warmUp.run(c, warmUpConnections(scenario), Math.min(timeoutNanos, WarmUp.MAX_NANOS));
            warmUpPaced(c, warmUp, scenario, Math.min(timeoutNanos, WarmUp.MAX_NANOS));
            warmUp.record(c);
            long start = System.nanoTime() + LEAD_NANOS;
            onLoop(c, () -> {
                recorder.begin(start);
                return null;
            });
            long interval = INTERVAL.toNanos();
            ScheduledFuture<?> ticks = c.every(start + interval, interval, recorder::tick);
            ArrivalPacer paced = new ArrivalPacer(scenario.loadProfile(), c::fire);
            pacer = paced;
            if (stopRequested) {
                paced.stop();
            }
            long scheduled = paced.run(start);
            double scheduledSeconds = paced.stopped()
                    ? Math.min(scenario.loadProfile().durationSeconds(), (System.nanoTime() - start) / 1e9)
                    : scenario.loadProfile().durationSeconds();
            long giveUp = System.nanoTime() + timeoutNanos + TimeUnit.SECONDS.toNanos(1);
            while (onLoop(c, c::inFlight) > 0 && System.nanoTime() < giveUp) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            ticks.cancel(false);
            return onLoop(c, () -> {
                recorder.tick(true);
                return new ScenarioRun(recorder.summary(scenario, scheduled, warmUp.sent(),
                        paced.stopped(), scheduledSeconds), recorder.systemIntervals(),
                        recorder.endpointIntervals());
            });
        }
    }

    /**
     * The scenario's warm-up: its starting rate for {@link TestScenario#warmUp()}, paced as the run is, recorded
     * nowhere; then up to {@code drainNanos} for the requests still in flight.
     */
    private void warmUpPaced(HttpLoadClient c, WarmUp warmUp, TestScenario scenario, long drainNanos)
            throws InterruptedException {
        double rate = scenario.loadProfile().rateAt(0);
        double seconds = scenario.warmUp().toNanos() / 1e9;
        if (seconds <= 0 || rate <= 0 || stopRequested) {
            return;
        }
        ArrivalPacer warm = new ArrivalPacer(LoadProfile.builder().profileType(ProfileType.SUSTAINED)
                .startTps(rate).peakTps(rate).sustainedTps(rate).durationSeconds(seconds).build(), c::fire);
        pacer = warm;
        if (stopRequested) {
            warm.stop();
        }
        warmUp.sentPaced(warm.run(System.nanoTime() + LEAD_NANOS));
        long giveUp = System.nanoTime() + drainNanos;
        while (onLoop(c, c::inFlight) > 0 && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** As many connections as the first 50 ms of the schedule would use at once, 1 to 64. */
    private static int warmUpConnections(TestScenario scenario) {
        double rate = scenario.loadProfile().rateAt(0);
        return (int) Math.max(1, Math.min(Math.min(64, scenario.maxConnections()), Math.ceil(rate * 0.05)));
    }

    static <T> T onLoop(HttpLoadClient client, Supplier<T> task) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        client.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run failed: " + e.getCause(), e.getCause());
        }
    }
}
