package io.metricsstreamer.bench;

import io.metricsstreamer.transport.connection.TlsEngine;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run of a replay workload (W7), in phases: wait 0.5 s and read the server's base RSS; fill its history with the
 * workload's metrics ({@link HistoryFill}) and read RSS again; start publishing at the workload's rate; connect every
 * client at once, each asking in its URL for a replay since the last seq before the fill ({@code
 * ?since_seq=N&epoch=E}); wait until every client has had its {@code replay_complete} (the replay phase, server and
 * bench CPU read at its ends); publish live for the warm-up and the measured window; stop, and drain until every client
 * has every metric, the fill's and the live ones; read peak RSS and the server's own replay counts. Not thread-safe;
 * one run at a time.
 */
final class ReplayRunner {
    /** The longest wait for the server to dispatch the fill it accepted. */
    private static final long DISPATCH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

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
    ReplayRunner(int clientLoops, int publishers, double connectTimeoutS, Consumer<String> progress,
            TlsEngine tlsEngine) {
        this.clientLoops = clientLoops;
        this.publishers = publishers;
        this.connectTimeoutS = connectTimeoutS;
        this.progress = progress;
        this.tlsEngine = tlsEngine;
    }

    /** Runs {@code w} against {@code target}; {@code alive} says whether the server still runs. */
    RunResult run(Workload w, ServerTarget target, BooleanSupplier alive) throws InterruptedException {
        WorkloadRunner.Measured m = new WorkloadRunner.Measured();
        Measured rm = new Measured();
        m.loadAvg = WorkloadRunner.loadAverage();
        WorkloadRunner.parkFor(WorkloadRunner.STARTUP_PAUSE_NANOS);
        m.rssBase = WorkloadRunner.rss(target, "VmRSS");
        // The seq stream so far: the replays ask for what follows it (a fresh server has published nothing).
        rm.sinceSeq = ServerStatistics.read(target.http()).path("total_metrics_published").asLong(0);
        fill(w, target, alive, rm);
        MeasureWindow window = new MeasureWindow();
        try (ClientFleet fleet = new ClientFleet(clientLoops, window, w.clientDeflate(), tlsEngine)) {
            Publisher pub = new Publisher(target.http(), w);
            pub.open(publishers);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
            m.startNanos = start;
            pub.start(start, start + (long) ((Workload.REPLAY_TIMEOUT_S + w.warmupS() + w.durationS()) * 1e9));
            replays(w, target, alive, fleet, m, rm);
            live(w, target, alive, window, pub, m);
            pub.stopAt(System.nanoTime());
            pub.join();
            WorkloadRunner.drain(w, fleet, (rm.filled + pub.published()) * m.ready, alive, m);
            m.peakRss = m.dead ? -1 : WorkloadRunner.rss(target, "VmHWM");
            m.rssEnd = m.dead ? -1 : WorkloadRunner.rss(target, "VmRSS");
            m.openAtEnd = fleet.open();
            m.epoll = fleet.isEpoll();
            rm.after = ServerStatistics.read(target.http());
            ClientTotals totals = fleet.collect();
            RunResult r = RunReport.build(w, m, pub, totals);
            ReplayReport.add(r, rm, totals);
            return r;
        }
    }

    private void fill(Workload w, ServerTarget target, BooleanSupplier alive, Measured rm) {
        long f0 = System.nanoTime();
        rm.filled = HistoryFill.fill(target.http(), w.historyFill(), alive);
        rm.fillS = (System.nanoTime() - f0) / 1e9;
        JsonNode stats = dispatched(target, alive);
        rm.epoch = stats.path("epoch").asText("");
        rm.historySizeFilled = stats.path("history_size").asLong(-1);
        rm.historyBytesFilled = stats.path("history_bytes").asLong(-1);
        rm.rssFilled = WorkloadRunner.rss(target, "VmRSS");
        progress.accept(String.format(Locale.ROOT, "%s: history filled with %d metrics in %.2f s (the server holds "
                + "%d, epoch %s)", w.name(), rm.filled, rm.fillS, rm.historySizeFilled, rm.epoch));
    }

    /**
     * The server's statistics once it has dispatched every metric it accepted (its ingress queue is empty: the
     * history holds the fill), or after {@link #DISPATCH_WAIT_NANOS}.
     */
    private static JsonNode dispatched(ServerTarget target, BooleanSupplier alive) {
        long deadline = System.nanoTime() + DISPATCH_WAIT_NANOS;
        JsonNode stats = ServerStatistics.read(target.http());
        while (stats.path("metrics_queue_size").asLong(0) > 0 && System.nanoTime() < deadline
                && alive.getAsBoolean()) {
            LockSupport.parkNanos(WorkloadRunner.POLL_NANOS);
            stats = ServerStatistics.read(target.http());
        }
        return stats;
    }

    /** Connects every client at once, each replaying at connect, and waits until every replay is complete. */
    private void replays(Workload w, ServerTarget target, BooleanSupplier alive, ClientFleet fleet,
                         WorkloadRunner.Measured m, Measured rm) {
        rm.serverCpu0 = WorkloadRunner.cpu(target);
        rm.selfCpu0 = ProcStats.selfCpuSeconds();
        rm.t0 = System.nanoTime();
        m.ready = fleet.connect(replayUri(target.ws(), rm.sinceSeq, rm.epoch), w.clients(), false,
                (long) (connectTimeoutS * 1e9));
        m.connectS = (System.nanoTime() - rm.t0) / 1e9;
        m.failed = w.clients() - m.ready;
        long deadline = rm.t0 + (long) (Workload.REPLAY_TIMEOUT_S * 1e9);
        while (fleet.replaysCompleted() < m.ready && System.nanoTime() < deadline && alive.getAsBoolean()) {
            LockSupport.parkNanos(WorkloadRunner.POLL_NANOS);
        }
        rm.t1 = System.nanoTime();
        rm.serverCpu1 = WorkloadRunner.cpu(target);
        rm.selfCpu1 = ProcStats.selfCpuSeconds();
        rm.receivedInPhase = fleet.received();
        m.dead = !alive.getAsBoolean();
        progress.accept(String.format(Locale.ROOT, "%s: %d/%d clients subscribed in %.2f s (%s), %d replays complete "
                + "%.2f s after the first connect", w.name(), m.ready, w.clients(), m.connectS,
                fleet.isEpoll() ? "epoll" : "nio", fleet.replaysCompleted(), (rm.t1 - rm.t0) / 1e9));
    }

    /** Live publishing for the warm-up, then the measured window (server and bench CPU read at its ends). */
    private void live(Workload w, ServerTarget target, BooleanSupplier alive, MeasureWindow window, Publisher pub,
                      WorkloadRunner.Measured m) {
        long measureFrom = System.nanoTime() + (long) (w.warmupS() * 1e9);
        long end = measureFrom + (long) (w.durationS() * 1e9);
        window.open(measureFrom / 1000, end / 1000, measureFrom / 1000, Math.round(pub.offerIntervalUs()));
        progress.accept(String.format(Locale.ROOT, "%s: publishing live %.0f metrics/s for %.0f s warm-up + %.0f s "
                + "measured", w.name(), w.rate(), w.warmupS(), w.durationS()));
        m.dead = m.dead || !WorkloadRunner.waitUntil(measureFrom, alive);
        m.serverCpu0 = WorkloadRunner.cpu(target);
        m.selfCpu0 = ProcStats.selfCpuSeconds();
        m.window0 = System.nanoTime();
        m.dead = m.dead || !WorkloadRunner.waitUntil(end, alive);
        m.serverCpu1 = m.dead ? Double.NaN : WorkloadRunner.cpu(target);
        m.selfCpu1 = ProcStats.selfCpuSeconds();
        m.window1 = System.nanoTime();
    }

    /** {@code ws} asking for a replay at connect of what followed {@code sinceSeq} in the seq stream {@code epoch}. */
    static URI replayUri(URI ws, long sinceSeq, String epoch) {
        String s = ws.toString();
        String query = "since_seq=" + sinceSeq + "&epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8);
        return URI.create(s + (ws.getRawQuery() == null ? "?" : "&") + query);
    }

    /** What a replay run measured besides {@link WorkloadRunner.Measured}. */
    static final class Measured {
        long sinceSeq;
        long filled;
        double fillS;
        String epoch = "";
        long historySizeFilled = -1;
        long historyBytesFilled = -1;
        long rssFilled = -1;
        long t0;
        long t1;
        double serverCpu0 = Double.NaN;
        double serverCpu1 = Double.NaN;
        double selfCpu0 = Double.NaN;
        double selfCpu1 = Double.NaN;
        /** Metrics the clients had received when the last replay completed: replayed, then live. */
        long receivedInPhase;
        /** The server's statistics at the end of the run. */
        JsonNode after;
    }
}
