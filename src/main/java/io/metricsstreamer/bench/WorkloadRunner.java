package io.metricsstreamer.bench;

import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One measured run of a workload against one server, in the C harness's phases: wait 0.5 s and read the server's
 * base RSS; connect and subscribe every client; settle and read RSS again; publish for warm-up plus the measured
 * window (server and bench CPU read at the window's ends); drain up to the workload's drain time until every client
 * has every published metric; read peak RSS; collect the clients' counters. Not thread-safe; one run at a time.
 */
final class WorkloadRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadRunner.class);
    static final long STARTUP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int clientLoops;
    private final int publishers;
    private final double connectTimeoutS;
    private final Consumer<String> progress;
    private final TlsEngine tlsEngine;

    /**
     * @param clientLoops     event loops for the clients
     * @param publishers      HTTP connections publishing
     * @param connectTimeoutS longest wait for every client to subscribe
     * @param progress        receives one line per phase (may print it)
     * @param tlsEngine       the engine of the clients' TLS ({@link BenchTls#resolve resolved})
     */
    WorkloadRunner(int clientLoops, int publishers, double connectTimeoutS, Consumer<String> progress,
            TlsEngine tlsEngine) {
        this.clientLoops = clientLoops;
        this.publishers = publishers;
        this.connectTimeoutS = connectTimeoutS;
        this.progress = progress;
        this.tlsEngine = tlsEngine;
    }

    /**
     * Runs {@code w} against {@code target}; {@code alive} says whether the server still runs. The stuck clients are
     * only held open for the run (hence "try": a resource the body does not use).
     */
    RunResult run(Workload w, ServerTarget target, BooleanSupplier alive) throws InterruptedException {
        return run(w, RunTargets.of(target), alive);
    }

    /**
     * Runs {@code w} against one server or a cluster's nodes (clients and publisher connections spread over them,
     * CPU and memory summed, Redis's CPU read over the window); {@code alive} says whether every node still runs.
     */
    @SuppressWarnings("try")
    RunResult run(Workload w, RunTargets targets, BooleanSupplier alive) throws InterruptedException {
        Measured m = new Measured();
        m.loadAvg = loadAverage();
        m.nodes = targets.nodes().size();
        m.clustered = targets.redis() != null;
        parkFor(STARTUP_PAUSE_NANOS);
        m.rssBase = targets.rss("VmRSS");
        MeasureWindow window = new MeasureWindow();
        try (ClientFleet fleet = new ClientFleet(clientLoops, window, w.clientDeflate(), tlsEngine);
             StuckClients stuck = StuckClients.open(targets.first().ws(), w.stuckClients())) {
            long c0 = System.nanoTime();
            m.ready = fleet.connect(targets.ws(), w.clients(), w.filtered(),
                    (long) (connectTimeoutS * 1e9));
            m.connectS = (System.nanoTime() - c0) / 1e9;
            m.failed = w.clients() - m.ready;
            progress.accept(String.format(java.util.Locale.ROOT, "%s: %d/%d clients subscribed in %.2f s (%s)",
                    w.name(), m.ready, w.clients(), m.connectS, fleet.isEpoll() ? "epoll" : "nio"));
            parkFor((long) (w.settleS() * 1e9));
            m.rssConnected = targets.rss("VmRSS");
            Publisher pub = publish(w, targets, alive, window, m);
            drain(w, fleet, pub.published() * m.ready, alive, m);
            m.peakRss = m.dead ? -1 : targets.rss("VmHWM");
            m.rssEnd = m.dead ? -1 : targets.rss("VmRSS");
            m.openAtEnd = fleet.open();
            m.epoll = fleet.isEpoll();
            ClientTotals totals = fleet.collect();
            return RunReport.build(w, m, pub, totals);
        }
    }

    private Publisher publish(Workload w, RunTargets targets, BooleanSupplier alive, MeasureWindow window,
                              Measured m) throws InterruptedException {
        Publisher pub = new Publisher(targets.http(), w);
        pub.open(publishers);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long measureFrom = start + (long) (w.warmupS() * 1e9);
        long end = measureFrom + (long) (w.durationS() * 1e9);
        window.open(measureFrom / 1000, end / 1000, measureFrom / 1000, Math.round(pub.offerIntervalUs()));
        m.startNanos = start;
        pub.start(start, end);
        progress.accept(String.format(java.util.Locale.ROOT, "%s: publishing %.0f metrics/s for %.0f s warm-up + "
                + "%.0f s measured", w.name(), w.rate(), w.warmupS(), w.durationS()));
        m.dead = !waitUntil(measureFrom, alive);
        m.serverCpu0 = targets.cpuSeconds();
        m.selfCpu0 = ProcStats.selfCpuSeconds();
        m.window0 = System.nanoTime();
        if (targets.redis() != null) {
            m.redisCpu0 = targets.redisCpuSeconds();
            m.published0 = pub.published();
        }
        m.dead = m.dead || !waitUntil(end, alive);
        m.serverCpu1 = m.dead ? Double.NaN : targets.cpuSeconds();
        m.selfCpu1 = ProcStats.selfCpuSeconds();
        m.window1 = System.nanoTime();
        if (targets.redis() != null) {
            m.redisCpu1 = targets.redisCpuSeconds();
            m.published1 = pub.published();
        }
        pub.join();
        return pub;
    }

    /** Waits up to the workload's drain time until the clients have {@code expected} metrics in all. */
    static void drain(Workload w, ClientFleet fleet, long expected, BooleanSupplier alive, Measured m) {
        m.expected = expected;
        long d0 = System.nanoTime();
        long deadline = d0 + (long) (w.drainS() * 1e9);
        while (fleet.received() < m.expected && System.nanoTime() < deadline && alive.getAsBoolean()) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        m.drainS = (System.nanoTime() - d0) / 1e9;
        m.dead = m.dead || !alive.getAsBoolean();
        if (fleet.received() < m.expected) {
            LOG.debug("{}: drain ended with {} of {} metrics", w.name(), fleet.received(), m.expected);
        }
    }

    /** Waits until {@code deadline} (nanoTime); false when the server stopped running before. */
    static boolean waitUntil(long deadline, BooleanSupplier alive) {
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS * 2, Math.max(1, deadline - System.nanoTime())));
        }
        return alive.getAsBoolean();
    }

    static void parkFor(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long d = nanos; d > 0; d = deadline - System.nanoTime()) {
            LockSupport.parkNanos(d);
        }
    }

    static double cpu(ServerTarget t) {
        return t.hasPid() ? ProcStats.cpuSeconds(t.pid()) : Double.NaN;
    }

    static long rss(ServerTarget t, String key) {
        return t.hasPid() ? ProcStats.statusKb(t.pid(), key) : -1;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What a run measured outside the clients and the publisher. */
    static final class Measured {
        String loadAvg;
        int ready;
        int failed;
        int openAtEnd;
        boolean dead;
        boolean epoll;
        double connectS;
        double drainS;
        long startNanos;
        long window0;
        long window1;
        long expected;
        double serverCpu0 = Double.NaN;
        double serverCpu1 = Double.NaN;
        double selfCpu0 = Double.NaN;
        double selfCpu1 = Double.NaN;
        /** Servers measured (a cluster's nodes), and whether they share a Redis. */
        int nodes = 1;
        boolean clustered;
        /** Redis's CPU seconds at the window's ends (cluster runs only; NaN otherwise). */
        double redisCpu0 = Double.NaN;
        double redisCpu1 = Double.NaN;
        /** Metrics the publisher had published at the window's ends (cluster runs only). */
        long published0;
        long published1;
        long rssBase = -1;
        long rssConnected = -1;
        long rssEnd = -1;
        long peakRss = -1;
    }
}
