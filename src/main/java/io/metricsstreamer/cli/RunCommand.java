package io.metricsstreamer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.loadgen.LoadProfile;
import io.metricsstreamer.loadgen.ProfileType;
import io.metricsstreamer.loadgen.RunSummary;
import io.metricsstreamer.loadgen.ScenarioRun;
import io.metricsstreamer.loadgen.StressTestOrchestrator;
import io.metricsstreamer.loadgen.SuccessCriteria;
import io.metricsstreamer.loadgen.Target;
import io.metricsstreamer.loadgen.TestScenario;
import io.metricsstreamer.report.RunReport;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the server and dashboard, plus an open-model load test of a real HTTP service streaming its metrics
 * into them; the summary and the criteria at the end, exit status 0 when they passed, 1 when not.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test an HTTP service (an open model: requests start on the profile's schedule whether or "
                + "not earlier ones finished; latency counts from each request's intended start) and watch it live: "
                + "the run's SystemMetrics and per-endpoint AgentMetrics go to the built-in server every 250 ms.",
            "Exit status: 0 when the criteria passed, 1 when not (or the summary or report could not be written), 2 "
                + "for options that cannot be used."})
public final class RunCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the requests in flight, the summary and the report before the process ends. */
    private static final long STOP_GRACE_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions options;

    @Option(names = "--target", paramLabel = "URL", required = true, order = 1,
            description = "The URL to request, http:// or https:// (trusted by the JDK's default trust store).")
    String target;

    @Option(names = "--method", paramLabel = "M", defaultValue = "GET", order = 2,
            description = "The HTTP method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", order = 3,
            description = "A request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body-file", paramLabel = "FILE", order = 4, description = "The request body, sent as is.")
    Path bodyFile;

    @Option(names = "--profile", paramLabel = "PROFILE", required = true, converter = ProfileTypeConverter.class,
            order = 5, description = "The load profile: ramp_up (start-tps to peak-tps over the duration), sustained "
                    + "(start-tps to sustained-tps over the first tenth, then held), burst (sustained-tps, default "
                    + "start-tps, with one burst of burst-tps, default peak-tps, for burst-duration, default a tenth "
                    + "of the duration, in the middle), wave (a sine between start-tps and peak-tps of period "
                    + "--wave-period).")
    ProfileType profile;

    @Option(names = "--start-tps", paramLabel = "N", required = true, order = 6,
            description = "Requests per second at the start (a wave's trough).")
    double startTps;

    @Option(names = "--peak-tps", paramLabel = "N", required = true, order = 7,
            description = "Requests per second at the peak.")
    double peakTps;

    @Option(names = "--sustained-tps", paramLabel = "N", order = 8,
            description = "sustained: the held rate (default: peak-tps); burst: the base rate (default: start-tps).")
    Double sustainedTps;

    @Option(names = "--burst-tps", paramLabel = "N", order = 9,
            description = "burst: the burst's rate (default: peak-tps).")
    Double burstTps;

    @Option(names = "--burst-duration", paramLabel = "SECONDS", order = 10,
            description = "burst: how long the burst lasts (default: a tenth of the duration).")
    Double burstDuration;

    @Option(names = "--wave-period", paramLabel = "SECONDS", order = 11,
            description = "wave: the period (default: a third of the duration, three waves).")
    Double wavePeriod;

    @Option(names = "--duration", paramLabel = "SECONDS", required = true, order = 12,
            description = "How long requests are started for.")
    double duration;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", order = 13,
            description = "A request with no whole response this long after its intended start is timed out "
                    + "(default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + TestScenario.DEFAULT_MAX_CONNECTIONS,
            order = 14, description = "The most requests in flight (and connections open) at once; a request due "
                    + "beyond it fails at once, never waits (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "3", order = 14,
            description = "Send requests at the profile's starting rate this long before the schedule starts, in no "
                    + "figure: the JIT compiles the generator meanwhile, which otherwise delays the first seconds' "
                    + "requests at high rates (default: ${DEFAULT-VALUE}; 0: none).")
    double warmUp;

    @Option(names = "--summary", paramLabel = "FILE", order = 15,
            description = "Write the run's summary here as JSON.")
    Path summary;

    @Option(names = "--report", paramLabel = "FILE", order = 16,
            description = "Write the run's report here: one self-contained HTML file with its charts.")
    Path report;

    @Option(names = "--criteria", paramLabel = "max_p99_ms=X,max_error_rate=Y,min_throughput_tps=Z", order = 17,
            converter = CriteriaConverter.class,
            description = "What the run must achieve to pass (any of the three; error rate as a fraction).")
    SuccessCriteria criteria;

    @Override
    public Integer call() throws InterruptedException {
        TestScenario scenario = scenario();
        requireWritableParent(summary, "--summary");
        requireWritableParent(report, "--report");
        StreamerConfig config = options.toConfig();
        StressTestOrchestrator orchestrator = new StressTestOrchestrator();
        // Ctrl-C (or SIGTERM) ends the schedule early; the summary and report of what ran are still written, and the
        // process ends with the run's status once they are.
        CountDownLatch written = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(1);
        Thread onStop = new Thread(() -> {
            orchestrator.stop();
            try {
                written.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status.get());
        }, "run-stop");
        RealTimeMetricsStreamer streamer = ServerRunner.start(config, started -> {
            orchestrator.setMetricsStreamer(started);
            Runtime.getRuntime().addShutdownHook(onStop);
        });
        try {
            DemoCommand.printHowToConnect(config, streamer);
            Console.line(String.format(Locale.ROOT, "run: %s %s, %s profile, %.0f requests over %s s",
                    scenario.target().method(), scenario.target().url(), profile.optionValue(),
                    scenario.loadProfile().meanTps() * duration, number(duration)));
            ScenarioRun run = orchestrator.execute(scenario);
            status.set(deliver(run) ? 0 : 1);
            return status.get();
        } finally {
            streamer.stop();
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException stopping) {
                // the hook is running: it ends the process with the status
            }
        }
    }

    /** Prints the summary and writes the files asked for; whether the run passed and every file was written. */
    private boolean deliver(ScenarioRun run) {
        printSummary(run.summary());
        ObjectNode json = run.summary().toJson();
        boolean written = true;
        if (summary != null) {
            try {
                Files.writeString(summary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json)
                        + "\n");
                Console.line("summary: " + summary);
            } catch (IOException e) {
                written = false;
                spec.commandLine().getErr().println("error: --summary " + summary + " not written: " + e);
            }
        }
        if (report != null) {
            try {
                RunReport.write(report, json, run.systemIntervals(), run.endpointIntervals());
                Console.line("report: " + report);
            } catch (IOException e) {
                written = false;
                spec.commandLine().getErr().println("error: --report " + report + " not written: " + e);
            }
        }
        return run.summary().passed() && written;
    }

    private TestScenario scenario() {
        LoadProfile load = LoadProfile.builder().profileType(profile).startTps(startTps).peakTps(peakTps)
                .sustainedTps(sustainedTps).burstTps(burstTps).burstDurationSeconds(burstDuration)
                .durationSeconds(duration).wavePeriodSeconds(wavePeriod).build();
        List<Map.Entry<String, String>> parsed = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0 || !h.substring(0, colon).trim().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("--header '" + h + "' is not 'NAME: VALUE'");
            }
            parsed.add(Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
        }
        byte[] body = new byte[0];
        if (bodyFile != null) {
            try {
                body = Files.readAllBytes(bodyFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("--body-file " + bodyFile + " cannot be read: " + e);
            }
        }
        URI url;
        try {
            url = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--target '" + target + "' is not a URL: " + e.getMessage());
        }
        if (!(timeout > 0)) {
            throw new IllegalArgumentException("--timeout must be more than 0, not " + timeout);
        }
        if (!(warmUp >= 0 && warmUp <= 600)) {
            throw new IllegalArgumentException("--warm-up must be 0 to 600 seconds, not " + warmUp);
        }
        return TestScenario.builder()
                .target(new Target(url, method.toUpperCase(Locale.ROOT), parsed, body))
                .loadProfile(load)
                .successCriteria(criteria)
                .timeout(Duration.ofNanos(Math.round(timeout * 1e9)))
                .maxConnections(maxConnections)
                .warmUp(Duration.ofNanos(Math.round(warmUp * 1e9)))
                .build();
    }

    private static void requireWritableParent(Path file, String option) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)
                || Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " cannot be written (no such directory, or "
                    + "not writable, or a directory)");
        }
    }

    private static void printSummary(RunSummary s) {
        Console.line(String.format(Locale.ROOT, "run finished: %d requests scheduled (%.1f/s), %d answered "
                + "(%.1f/s), %d successful", s.requestsScheduled(), s.targetTps(), s.requestsTotal()
                - s.failures().values().stream().mapToLong(Long::longValue).sum(), s.throughputTps(),
                s.requestsSuccessful()));
        Console.line(String.format(Locale.ROOT, "  latency ms:   mean %s  p50 %s  p95 %s  p99 %s  p99.9 %s  max %s",
                number(s.avgResponseTimeMs()), number(s.p50ResponseTimeMs()), number(s.p95ResponseTimeMs()),
                number(s.p99ResponseTimeMs()), number(s.p999ResponseTimeMs()), number(s.maxResponseTimeMs())));
        Console.line(String.format(Locale.ROOT, "  errors:       %.2f%% (timeouts %.2f%%); status codes %s; "
                + "failures %s", s.errorRate() * 100, s.timeoutRate() * 100, join(s.statusCodes()),
                join(s.failures())));
        Console.line(String.format(Locale.ROOT, "  schedule:     started late by p50 %s ms, p99 %s ms, max %s ms; "
                + "generator CPU %.0f%% of all cores", number(s.schedulingErrorMs().p50()),
                number(s.schedulingErrorMs().p99()), number(s.schedulingErrorMs().max()), s.cpuUtilization() * 100));
        for (Map.Entry<String, SuccessCriteria.Judged> c : s.criteria().entrySet()) {
            Console.line(String.format(Locale.ROOT, "  criterion:    %s %s: %s (%s)", c.getKey(),
                    number(c.getValue().limit()), number(c.getValue().actual()),
                    c.getValue().passed() ? "passed" : "FAILED"));
        }
        if (s.stoppedEarly()) {
            Console.line(String.format(Locale.ROOT, "  stopped early: after %s of the profile's %s s", number(
                    s.durationSeconds()), number(s.profile().durationSeconds())));
        }
        Console.line(s.passed() ? "run passed" : "run FAILED");
    }

    private static String join(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
