package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.MetricsPublisher;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.loadgen.http.FailureKind;
import io.metricsstreamer.loadgen.http.Outcomes;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import org.HdrHistogram.Histogram;

/**
 * Records a run's outcomes and turns each interval into a SystemMetrics and the endpoint's AgentMetrics, published
 * (when there is a publisher) and kept for the report. Outcomes are recorded on the client's loop thread, so the
 * counts need no locks and an interval's figures are exactly the outcomes between two ticks. A tick only hands the
 * finished interval's tally, with the run's totals so far, to a thread of its own, which computes the percentiles,
 * reads the process's CPU and memory, builds, publishes and keeps the metrics: that work takes milliseconds, which
 * on the loop would delay the requests due meanwhile. The figures of the whole run (CPU, peak memory, the kept
 * intervals) are read once the last interval was reported.
 * A scenario has one target, so one endpoint: its AgentMetrics ({@code agent_id} the endpoint, e.g.
 * {@code GET /orders}) carries the interval's figures for it.
 */
final class RunRecorder implements Outcomes {
    private final String endpoint;
    private final MetricsPublisher publisher;
    private final IntSupplier inFlight;
    private final int maxInFlight;
    private final ExecutorService reporter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "loadgen-intervals");
        t.setDaemon(true);
        return t;
    });
    private Tally interval = new Tally();
    private final Tally total = new Tally();
    private final Histogram schedulingNanos = new Histogram(60_000_000_000L, 3);
    private final Map<Integer, Long> statusCodes = new TreeMap<>();
    private final IntervalTimeline systemTimeline = new IntervalTimeline();
    private final IntervalTimeline endpointTimeline = new IntervalTimeline();
    private final ProcessLoad load = new ProcessLoad();
    private long startNanos;
    private long lastTickNanos;
    private long startCpu;
    private double peakMemory;
    private long startedInInterval;

    RunRecorder(String endpoint, MetricsPublisher publisher, IntSupplier inFlight, int maxInFlight) {
        this.endpoint = endpoint;
        this.publisher = publisher;
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
    }

    /** The run starts at {@code start} (nanoTime): intervals and elapsed times count from there. */
    void begin(long start) {
        startNanos = start;
        lastTickNanos = start;
        startCpu = load.cpuNanos();
        load.cpuSinceLast();
    }

    @Override
    public void started(long intended, long actual) {
        startedInInterval++;
        schedulingNanos.recordValue(Math.min(schedulingNanos.getHighestTrackableValue(), Math.max(0,
                actual - intended)));
    }

    @Override
    public void responded(int status, long intended, long end, long bytes) {
        long micros = (end - intended) / 1000;
        interval.responded(status, micros, bytes);
        total.responded(status, micros, bytes);
        statusCodes.merge(status, 1L, Long::sum);
    }

    @Override
    public void timedOut(long intended, long end) {
        long micros = (end - intended) / 1000;
        interval.timedOut(micros);
        total.timedOut(micros);
    }

    @Override
    public void failed(FailureKind kind, long intended, long end) {
        switch (kind) {
            case OVER_LIMIT -> {
                interval.overLimit();
                total.overLimit();
            }
            case CONNECT -> {
                interval.connectFailed();
                total.connectFailed();
            }
            case IO -> {
                interval.ioFailed();
                total.ioFailed();
            }
        }
    }

    /** Ends the interval now: builds, publishes and keeps its metrics, then starts the next one. */
    void tick() {
        tick(false);
    }

    /**
     * Ends the interval now. The {@code last} one, cut short by the end of the run, has its rates taken over no less
     * than a whole interval, so that a few outcomes in its last milliseconds do not show as a spike.
     */
    void tick(boolean last) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastTickNanos) / 1e9);
        if (last) {
            seconds = Math.max(seconds, StressTestOrchestrator.INTERVAL.toNanos() / 1e9);
        }
        lastTickNanos = now;
        Tally done = interval;
        interval = new Tally();
        IntervalEnd end = new IntervalEnd(done, now, seconds, startedInInterval, inFlight.getAsInt(), total.outcomes,
                total.successful, total.failed(), total.timeouts);
        startedInInterval = 0;
        Future<?> reported = reporter.submit(() -> report(end));
        if (last) {
            try {
                reported.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the last interval could not be reported: " + e.getCause(),
                        e.getCause());
            } finally {
                reporter.shutdown();
            }
        }
    }

    /** What a tick hands over: the interval's own tally and the run's totals at its end. */
    private record IntervalEnd(Tally interval, long now, double seconds, long started, int flying, long outcomes,
                               long successful, long failed, long timeouts) {
    }

    /** Builds, publishes and keeps an interval's metrics; on the reporter thread. */
    private void report(IntervalEnd end) {
        Tally tally = end.interval();
        double seconds = end.seconds();
        int flying = end.flying();
        double meanMs = tally.meanMs();
        double p95 = tally.ms(95);
        double p99 = tally.ms(99);
        double success = tally.outcomes == 0 ? 1 : tally.successful / (double) tally.outcomes;
        double memory = ProcessLoad.memory();
        peakMemory = Math.max(peakMemory, memory);
        SystemMetrics system = SystemMetrics.builder()
                .throughputTps(tally.responses / seconds)
                .requestsTotal(end.outcomes())
                .requestsSuccessful(end.successful())
                .requestsFailed(end.failed())
                .avgResponseTimeMs(meanMs)
                .p50ResponseTimeMs(tally.ms(50))
                .p95ResponseTimeMs(p95)
                .p99ResponseTimeMs(p99)
                .maxResponseTimeMs(tally.maxMs())
                .errorRate(tally.errorRate())
                .timeoutRate(tally.timeoutRate())
                .cpuUtilization(load.cpuSinceLast())
                .memoryUtilization(memory)
                .networkThroughputMbps(tally.bytes * 8 / 1e6 / seconds)
                .queueDepth((long) flying)
                .build();
        AgentMetrics agent = AgentMetrics.builder()
                .agentId(endpoint)
                .timestamp(system.timestamp())
                .requestsProcessed(end.outcomes())
                .avgResponseTimeMs(meanMs)
                .p95ResponseTimeMs(p95)
                .p99ResponseTimeMs(p99)
                .successRate(success)
                .errorCount(end.failed())
                .timeoutCount(end.timeouts())
                .currentLoad(flying / (double) maxInFlight)
                .concurrentRequests(flying)
                .healthScore(success)
                .build();
        if (publisher != null) {
            publisher.broadcastSystemMetrics(system);
            publisher.broadcastAgentMetrics(List.of(agent));
        }
        double elapsed = (end.now() - startNanos) / 1e9;
        ObjectNode systemNode = Json.mapper().valueToTree(system);
        systemNode.put("elapsed_seconds", elapsed);
        systemNode.put("target_tps", end.started() / seconds);
        systemTimeline.add(systemNode);
        ObjectNode agentNode = Json.mapper().valueToTree(agent);
        agentNode.put("elapsed_seconds", elapsed);
        agentNode.put("throughput_tps", tally.responses / seconds);
        endpointTimeline.add(agentNode);
    }

    /** The whole run's summary, judged against {@code scenario}'s criteria. */
    RunSummary summary(TestScenario scenario, long scheduled, long warmUp, boolean stoppedEarly, double duration) {
        LoadProfile profile = scenario.loadProfile();
        double elapsed = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        long cpu = load.cpuNanos();
        double cpuShare = cpu < 0 ? 0 : (cpu - startCpu) / 1e9 / elapsed / load.cores();
        double throughput = total.responses / duration;
        double p99 = total.ms(99);
        Map<String, SuccessCriteria.Judged> judged = scenario.successCriteria().judge(p99, total.errorRate(),
                throughput);
        Map<String, Long> codes = new TreeMap<>();
        statusCodes.forEach((code, count) -> codes.put(String.valueOf(code), count));
        Map<String, Long> failures = new TreeMap<>(Map.of("timeout", total.timeouts, "over_limit", total.overLimit,
                "connect", total.connectFailures, "io", total.ioFailures));
        Histogram s = schedulingNanos;
        RunSummary.SchedulingError scheduling = s.getTotalCount() == 0
                ? new RunSummary.SchedulingError(0, 0, 0, 0, 0)
                : new RunSummary.SchedulingError(s.getValueAtPercentile(50) / 1e6, s.getValueAtPercentile(99) / 1e6,
                        s.getValueAtPercentile(99.9) / 1e6, s.getMaxValue() / 1e6, s.getMean() / 1e6);
        return new RunSummary(scenario.name(), scenario.target().method() + " " + scenario.target().url(), profile,
                Instant.now(), throughput, total.outcomes, total.successful, total.failed(), total.meanMs(),
                total.ms(50), total.ms(95), p99, total.ms(99.9), total.maxMs(), total.errorRate(),
                total.timeoutRate(), Math.max(0, Math.min(1, cpuShare)), peakMemory,
                total.bytes * 8 / 1e6 / elapsed, scheduled / duration, scheduled, warmUp,
                duration, codes, failures,
                scheduling, stoppedEarly, judged,
                judged.values().stream().allMatch(SuccessCriteria.Judged::passed));
    }

    /** Outcomes recorded so far (requests that were due and reached an end). */
    long outcomes() {
        return total.outcomes;
    }

    List<ObjectNode> systemIntervals() {
        return systemTimeline.snapshot();
    }

    Map<String, List<ObjectNode>> endpointIntervals() {
        return Map.of(endpoint, endpointTimeline.snapshot());
    }
}
