package io.metricsstreamer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One workload: how many clients, what rate, how long, and the server's batching. W0..W4 are those of the shared C
 * harness ({@code shared/bench/compare.py}); W5 is filtered fan-out (each client holds one of
 * {@link FilterMix#VIEWS} distinct filters); W6 is large metrics with a client that reads nothing; W7 is many clients
 * replaying the history at once while publishing goes on ({@link ReplayRunner}). Immutable.
 *
 * @param name         W0..W7
 * @param description  what it answers
 * @param clients      WebSocket clients
 * @param rate         offered metrics per second (W4: the first step of the search)
 * @param durationS    measured window, seconds
 * @param warmupS      publishing before the window, seconds
 * @param batchSize    the server's {@code --batch-size}
 * @param batchTimeoutS the server's {@code --batch-timeout}
 * @param drainS       longest wait for stragglers after publishing stops
 * @param settleS      pause after every client subscribed, before publishing
 * @param filtered     each client sets one of the W5 filters and the publisher sends agent-style arrays
 * @param saturation   the rate is searched (W4), not fixed
 * @param padBytes     a string of this many bytes added to every metric's data (0: none), for large metrics
 * @param stuckClients connections that upgrade and then never read, on top of {@code clients}
 * @param historyFill  metrics published before the clients connect, which every client then replays from the
 *                     start of the seq stream, asked for in its WebSocket URL (0: no replay; W7)
 * @param clientDeflate the clients offer permessage-deflate (and inflate what comes compressed)
 * @param mix          what the publisher sends
 * @param format       how the publisher sends it: JSON envelopes, or line protocol (the system records only)
 */
public record Workload(String name, String description, int clients, double rate, double durationS, double warmupS,
                       int batchSize, double batchTimeoutS, double drainS, double settleS, boolean filtered,
                       boolean saturation, int padBytes, int stuckClients, int historyFill, boolean clientDeflate,
                       MetricMix mix, PublishFormat format) {
    /** Refuses a line protocol workload whose records have no line protocol form. */
    public Workload {
        if (format == PublishFormat.INFLUX && (filtered || mix == MetricMix.DEMO)) {
            throw new IllegalArgumentException("--publish-format influx sends the system records only: not " + name
                    + "'s " + (filtered ? "agent arrays" : "demo mix") + " (their data are arrays or several types)");
        }
    }

    /** A workload of plain clients publishing its own bodies ({@link MetricMix#HARNESS}). */
    public Workload(String name, String description, int clients, double rate, double durationS, double warmupS,
                    int batchSize, double batchTimeoutS, double drainS, double settleS, boolean filtered,
                    boolean saturation, int padBytes, int stuckClients, int historyFill) {
        this(name, description, clients, rate, durationS, warmupS, batchSize, batchTimeoutS, drainS, settleS, filtered,
                saturation, padBytes, stuckClients, historyFill, false, MetricMix.HARNESS, PublishFormat.JSON);
    }

    /** {@code --quick}: measured window cap, seconds (smoke test: JVMs are not warm). */
    public static final double QUICK_DURATION_S = 5;
    /** {@code --quick}: warm-up cap, seconds. */
    public static final double QUICK_WARMUP_S = 2;
    /** The heap of a server the bench starts for a replay workload: its history holds every metric of the run. */
    static final String REPLAY_SERVER_HEAP = "-Xmx1g";
    /** What the history of a replay workload's server may count, so that it keeps every metric of the run. */
    static final String REPLAY_HISTORY_BYTES = "768MiB";
    /** The longest replay phase a replay workload's history is sized for, seconds ({@link ReplayRunner}). */
    static final double REPLAY_TIMEOUT_S = 120;

    /** Latency at a fixed load every peer sustains. */
    public static final Workload W0 = new Workload("W0", "latency at a fixed load", 500, 100, 10, 5, 1, 0.05, 5, 1,
            false, false, 0, 0, 0);
    /** Raw fan-out, one frame per metric per client. */
    public static final Workload W1 = new Workload("W1", "fan-out", 1000, 1000, 15, 5, 1, 0.05, 5, 1, false, false,
            0, 0, 0);
    /** The batching path. */
    public static final Workload W2 = new Workload("W2", "batched", 1000, 5000, 15, 5, 10, 0.05, 5, 1, false, false,
            0, 0, 0);
    /** Many idle-ish connections: memory per connection, connect time. */
    public static final Workload W3 = new Workload("W3", "connections", 10_000, 10, 10, 5, 1, 0.05, 5, 3, false,
            false, 0, 0, 0);
    /** Saturation: the highest rate with p99 under 100 ms and nothing lost. */
    public static final Workload W4 = new Workload("W4", "saturation step search", 500, 1000, 4, 5, 10, 0.05, 3, 0.5,
            false, true, 0, 0, 0);
    /** Filtered fan-out: 10 distinct views over 1,000 clients, every client still receives every metric. */
    public static final Workload W5 = new Workload("W5", "filtered fan-out", 1000, 5000, 15, 5, 10, 0.05, 5, 1, true,
            false, 0, 0, 0);

    /**
     * Large metrics: 50 kB each, 40 a second to 50 clients (100 MB/s delivered), batched as {@code bin/metrics-streamer
     * serve --batch-size 10 --batch-timeout 0.5} would, with one more connection that never reads: the server's
     * memory and the readers' latency and loss while a client holds what it cannot take.
     */
    public static final Workload W6 = new Workload("W6", "large metrics, a stuck client", 50, 40, 15, 5, 10, 0.5, 5,
            1, false, false, 50_000, 1, 0);

    /**
     * Replay at connect: a history of 100,000 metrics (W2's bodies) published first, then 100 clients that connect
     * at once, each asking in its URL for everything since seq 0, while publishing goes on at W2's rate and batching.
     * The clients' replays (connect to {@code replay_complete}) are timed, then live delivery to them measured as in
     * the other workloads; every client must get every seq once, in order. The server it starts keeps every metric of
     * the run ({@link #serverOptions()}, {@link #serverJvmArgs()}).
     */
    public static final Workload W7 = new Workload("W7", "replay at connect", 100, 5000, 10, 2, 10, 0.05, 10, 0,
            false, false, 0, 0, 100_000);

    /** Every workload, in order. */
    public static final List<Workload> ALL = List.of(W0, W1, W2, W3, W4, W5, W6, W7);

    /** The workload named {@code name} (case-insensitive); throws IllegalArgumentException naming the valid ones. */
    public static Workload byName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (Workload w : ALL) {
            if (w.name.equals(n)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "' (valid: W0, W1, W2, W3, W4, W5, W6, W7)");
    }

    /** The workloads named in a comma list such as {@code W0,W2}; blank means all. */
    public static List<Workload> parseList(String list) {
        if (list == null || list.isBlank()) {
            return ALL;
        }
        List<Workload> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                Workload w = byName(part);
                if (!out.contains(w)) {
                    out.add(w);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The same workload with the command line's overrides applied; null leaves a value as defined. */
    public Workload with(Integer clientsOverride, Double rateOverride, Double durationOverride,
                         Double warmupOverride, boolean quick) {
        double d = durationOverride != null ? durationOverride : quick ? Math.min(durationS, QUICK_DURATION_S)
                : durationS;
        double wu = warmupOverride != null ? warmupOverride : quick ? Math.min(warmupS, QUICK_WARMUP_S) : warmupS;
        return new Workload(name, description, clientsOverride != null ? clientsOverride : clients,
                rateOverride != null ? rateOverride : rate, d, wu, batchSize, batchTimeoutS, drainS, settleS,
                filtered, saturation, padBytes, stuckClients, historyFill, clientDeflate, mix, format);
    }

    /** The same workload with clients that offer permessage-deflate when {@code deflate}, publishing {@code m}. */
    public Workload with(boolean deflate, MetricMix m) {
        return new Workload(name, description, clients, rate, durationS, warmupS, batchSize, batchTimeoutS, drainS,
                settleS, filtered, saturation, padBytes, stuckClients, historyFill, deflate, m, format);
    }

    /** The same workload publishing in {@code f}; IllegalArgumentException when its records have no such form. */
    public Workload with(PublishFormat f) {
        return new Workload(name, description, clients, rate, durationS, warmupS, batchSize, batchTimeoutS, drainS,
                settleS, filtered, saturation, padBytes, stuckClients, historyFill, clientDeflate, mix, f);
    }

    /**
     * Most metrics one POST carries: {@link Publisher#MAX_PER_POST}, or for large metrics (and the demo's, up to
     * 2.5 kB) as many as stay well under the server's 1 MiB body limit.
     */
    public int maxPerPost() {
        if (mix == MetricMix.DEMO) {
            return DemoMix.MAX_PER_POST;
        }
        return padBytes == 0 ? Publisher.MAX_PER_POST : Math.max(1, 900_000 / (padBytes + 600));
    }

    /** The same workload at another offered rate (a W4 step). */
    public Workload atRate(double newRate) {
        return new Workload(name, description, clients, newRate, durationS, warmupS, batchSize, batchTimeoutS,
                drainS, settleS, filtered, saturation, padBytes, stuckClients, historyFill, clientDeflate, mix,
                format);
    }

    /** Whether the clients replay the history at connect (W7). */
    public boolean replays() {
        return historyFill > 0;
    }

    /**
     * The server options a run of this workload adds to the server's command: for a replay workload, a history that
     * keeps every metric of the run (the fill, then {@link #rate} for up to {@link #REPLAY_TIMEOUT_S} of replays,
     * the warm-up, the window and the drain), so that no replay misses anything by the server's bounds.
     */
    List<String> serverOptions() {
        if (!replays()) {
            return List.of();
        }
        long metrics = historyFill + (long) Math.ceil(rate * (REPLAY_TIMEOUT_S + warmupS + durationS + drainS));
        return List.of("--history-size", Long.toString(Math.min(Integer.MAX_VALUE, metrics)), "--history-seconds",
                "3600", "--history-bytes", REPLAY_HISTORY_BYTES);
    }

    /** JVM flags for a server the bench starts for this workload, after the launcher's: a heap for the history. */
    List<String> serverJvmArgs() {
        return replays() ? List.of(REPLAY_SERVER_HEAP) : List.of();
    }

    /** One line: {@code W0 latency at a fixed load: 500 clients, 100 metrics/s, 10 s (+5 s warm-up), batch 1}. */
    public String summary() {
        String r = saturation ? "rate searched from " + fmt(rate) : fmt(rate) + " metrics/s";
        String batch = batchSize == 1 ? "batch_size 1" : "batch_size " + batchSize + ", timeout " + fmt(batchTimeoutS);
        return name + " " + description + ": " + clients + " clients, " + r + ", " + fmt(durationS) + " s (+"
                + fmt(warmupS) + " s warm-up), " + batch + (filtered ? ", " + FilterMix.VIEWS + " filter views" : "")
                + (padBytes > 0 ? ", metrics of " + padBytes / 1000 + " kB" : "")
                + (stuckClients > 0 ? ", " + stuckClients + " client(s) reading nothing" : "")
                + (replays() ? ", each replaying a history of " + historyFill + " metrics and more at connect" : "")
                + (mix == MetricMix.DEMO ? ", the demo's metrics" : "")
                + (format == PublishFormat.INFLUX ? ", published as line protocol" : "")
                + (clientDeflate ? ", clients offering permessage-deflate" : "");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
