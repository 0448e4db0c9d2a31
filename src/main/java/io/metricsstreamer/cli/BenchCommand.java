package io.metricsstreamer.cli;

import io.metricsstreamer.bench.Bench;
import io.metricsstreamer.bench.ClusterLaunch;
import io.metricsstreamer.bench.MetricMix;
import io.metricsstreamer.bench.PublishFormat;
import io.metricsstreamer.bench.ServerLaunch;
import io.metricsstreamer.bench.Workload;
import io.metricsstreamer.cluster.RedisUrl;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: the load tool, workloads W0..W7 against a server it starts or a running one. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a metrics-streamer server: delivered metrics/s, end-to-end latency percentiles, "
                + "loss, seq order, server CPU per delivered metric and memory per connection.",
            "Workloads (W0-W4 as compared in docs/BENCHMARKS.md, plus W5-W7): W0 latency (500 "
                + "clients, 100/s, batch 1); W1 fan-out (1,000 clients, 1,000/s, batch 1); W2 batched (1,000 "
                + "clients, 5,000/s, batch 10); W3 connections (10,000 clients, 10/s); W4 saturation step search "
                + "(500 clients, batch 10); W5 filtered fan-out (1,000 clients in 10 filter views, 5,000/s, batch "
                + "10); W6 large metrics (50 clients, 40/s of 50 kB, batch 10 and 0.5 s, one more client that reads "
                + "nothing; not in the default list); W7 replay at connect (a history of 100,000 metrics filled "
                + "first, then 100 clients each replaying it at once while 5,000/s are published, batch 10; its server "
                + "keeps every metric of the run, with -Xmx1g; not in the default list).",
            "Without --url/--http it starts this program's server as a child process for every run (and every W4 "
                + "step), on 127.0.0.1 with ephemeral ports. A full run takes about 5 minutes; --quick is a smoke "
                + "test."})
public final class BenchCommand implements Callable<Integer> {
    /** Read before parsing, by {@link ConfigSources}; declared so that it parses and shows in the help. */
    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of options (workloads = W1,W2); the environment (METRICS_STREAMER_"
                    + "WORKLOADS) and the command line win over it.")
    String config;

    @Option(names = "--workloads", paramLabel = "LIST", defaultValue = "W0,W1,W2,W3,W4,W5",
            description = "Comma list of workloads to run (default: ${DEFAULT-VALUE}).")
    String workloads;

    @Option(names = "--url", paramLabel = "WS_URL",
            description = "WebSocket URL of a running server, e.g. ws://127.0.0.1:8765/ (needs --http too).")
    URI url;

    @Option(names = "--http", paramLabel = "HTTP_URL",
            description = "HTTP base URL of a running server, e.g. http://127.0.0.1:5000/ (alone: the WebSocket is "
                    + "its /ws endpoint).")
    URI http;

    @Option(names = "--server-pid", paramLabel = "PID", defaultValue = "-1",
            description = "Pid of the running server, to measure its CPU and memory (must be local).")
    long serverPid;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Measured window of every workload (default: the workload's, 4..15 s).")
    Double duration;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "Publishing before the window, to warm the JIT (default: the workload's, 5 s).")
    Double warmup;

    @Option(names = "--clients", paramLabel = "N", description = "Clients of every workload (default: the workload's).")
    Integer clients;

    @Option(names = "--rate", paramLabel = "METRICS_PER_S",
            description = "Offered rate of every workload; W4's first step (default: the workload's).")
    Double rate;

    @Option(names = "--quick", description = "Smoke test: windows of at most 5 s and 2 s warm-up (JVMs are not "
            + "warm: do not compare these numbers).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON, one object per "
            + "workload.")
    Path json;

    @Option(names = "--client-deflate", description = "The bench's WebSocket clients offer permessage-deflate, as "
            + "browsers do, and inflate what comes compressed (the results say how many bytes the clients read).")
    boolean clientDeflate;

    @Option(names = "--metric-mix", paramLabel = "MIX", defaultValue = "harness", converter = MetricMixConverter.class,
            description = "What the publisher sends: harness (each workload's own records, as the C harness's) or "
                    + "demo (the demo command's mix of all five metric types) (default: ${DEFAULT-VALUE}).")
    MetricMix metricMix;

    @Option(names = "--publish-format", paramLabel = "FORMAT", defaultValue = "json",
            converter = PublishFormatConverter.class,
            description = "How the publisher sends: json (envelopes to POST /api/metrics) or influx (the same system "
                    + "records as InfluxDB line protocol to POST /write?precision=ns; not with W5 or --metric-mix "
                    + "demo) (default: ${DEFAULT-VALUE}).")
    PublishFormat publishFormat;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "2",
            description = "Event loops of the bench's WebSocket clients (default: ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(names = "--publishers", paramLabel = "N", defaultValue = "2",
            description = "Keep-alive HTTP connections publishing, each POSTing every 10 ms "
                    + "(default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "90",
            description = "Longest wait for every client to subscribe (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    @Option(names = "--tls", description = "Start the servers with --tls-self-signed and measure them over wss:// and "
            + "https:// (the bench takes any certificate). For a running server, give wss:// and https:// URLs.")
    boolean tls;

    @Option(names = "--tls-engine", paramLabel = "auto|openssl|jdk", defaultValue = "auto",
            converter = TlsEngineConverter.class,
            description = "TLS engine of the bench's WebSocket clients, and of the servers it starts with --tls: auto "
                    + "(openssl when its library loads), openssl or jdk (default: ${DEFAULT-VALUE}).")
    TlsEngine tlsEngine;

    @Option(names = "--server-cmd", paramLabel = "COMMAND",
            description = "Start this shell command instead of our own serve (the server options --host --port "
                    + "--http-port --batch-size --batch-timeout --max-clients are appended).")
    String serverCommand;

    @Option(names = "--server-jvm-arg", paramLabel = "ARG",
            description = "Extra JVM argument for the server the bench starts, after the launcher's own flags "
                    + "(repeatable), e.g. -Xlog:gc:file=gc.log")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Start N server processes per run as one cluster (needs --redis or --redis-start): the "
                    + "clients are spread over them round-robin, the publisher's connections likewise; server CPU and "
                    + "memory are summed over the nodes, and Redis's CPU is reported (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--redis", paramLabel = "URL",
            description = "The started servers are cluster nodes sharing this running Redis "
                    + "(redis://[:PASSWORD@]HOST:PORT[/DB]); its CPU is read with INFO.")
    String redis;

    @Option(names = "--redis-start",
            description = "Start a redis-server (from /usr/bin or /usr/local/bin, no persistence, an ephemeral port "
                    + "of 127.0.0.1) for every run, shared by its nodes, and kill it at the run's end.")
    boolean redisStart;

    @Option(names = "--server-log", paramLabel = "FILE",
            description = "Append the started servers' stderr to this file (default: discarded).")
    Path serverLog;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (url != null && http == null) {
            throw new IllegalArgumentException("--url needs --http (the HTTP base URL the publisher POSTs to)");
        }
        if (tls && http != null) {
            throw new IllegalArgumentException("--tls is for the servers the bench starts; for a running server, "
                    + "its URLs say it: --url wss://... --http https://...");
        }
        URI ws = url != null ? url : http != null ? URI.create(http.toString().replaceFirst("^http", "ws"))
                .resolve("/ws") : null;
        if (clientThreads < 1 || publishers < 1 || clients != null && clients < 1 || rate != null && rate < 0) {
            throw new IllegalArgumentException("--client-threads, --publishers and --clients must be at least 1, "
                    + "--rate not negative");
        }
        ClusterLaunch cluster = new ClusterLaunch(nodes, redis, redisStart);
        if (redis != null) {
            RedisUrl.check(redis);
        }
        List<Workload> list = new ArrayList<>();
        for (Workload w : Workload.parseList(workloads)) {
            list.add(w.with(clients, rate, duration, warmup, quick).with(clientDeflate, metricMix).with(publishFormat));
        }
        Bench.Settings settings = new Bench.Settings(list, ws, http, serverPid,
                new ServerLaunch(serverCommand, serverJvmArgs, serverLog, tls, tlsEngine), clientThreads, publishers,
                connectTimeout, json, cluster);
        return new Bench(settings, Console::line).run();
    }
}
