package io.metricsstreamer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code bench} command's work: runs each chosen workload against a server the bench starts (a fresh child
 * process per run, and per W4 step) or against a running one, prints each result as it finishes and a summary table
 * at the end, and writes the JSON results when asked. Progress goes to the log (stderr); results to {@code out}.
 */
public final class Bench {
    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

    private final Settings settings;
    private final Consumer<String> out;
    private final WorkloadRunner runner;
    private final ReplayRunner replayRunner;
    private final TlsEngine clientTls;

    /**
     * What to run and against what.
     *
     * @param workloads       the workloads, overrides applied
     * @param ws              the WebSocket URL of a running server, or null to start one per run
     * @param http            the HTTP base URL of that server (null when starting one)
     * @param serverPid       the running server's pid for CPU and memory, or -1
     * @param launch          how to start servers
     * @param clientLoops     client event loops
     * @param publishers      publishing HTTP connections
     * @param connectTimeoutS longest wait for the clients to subscribe
     * @param json            file for the JSON results, or null
     * @param cluster         whether the bench starts a cluster's nodes instead of one server ({@code ws} null)
     */
    public record Settings(List<Workload> workloads, URI ws, URI http, long serverPid, ServerLaunch launch,
                           int clientLoops, int publishers, double connectTimeoutS, Path json, ClusterLaunch cluster) {
        /** One server, no cluster. */
        public Settings(List<Workload> workloads, URI ws, URI http, long serverPid, ServerLaunch launch,
                        int clientLoops, int publishers, double connectTimeoutS, Path json) {
            this(workloads, ws, http, serverPid, launch, clientLoops, publishers, connectTimeoutS, json,
                    ClusterLaunch.NONE);
        }

        /** Checks that a cluster is one the bench starts. */
        public Settings {
            if (cluster.clustered() && ws != null) {
                throw new IllegalArgumentException("--nodes, --redis and --redis-start are for the servers the bench "
                        + "starts, not with --url/--http");
            }
        }
    }

    /** A bench that prints its results through {@code out}. */
    public Bench(Settings settings, Consumer<String> out) {
        this.settings = settings;
        this.out = out;
        this.clientTls = BenchTls.resolve(settings.launch().tlsEngine());
        this.runner = new WorkloadRunner(settings.clientLoops(), settings.publishers(), settings.connectTimeoutS(),
                LOG::info, clientTls);
        this.replayRunner = new ReplayRunner(settings.clientLoops(), settings.publishers(),
                settings.connectTimeoutS(), LOG::info, clientTls);
    }

    /**
     * Runs every workload and prints the results; returns 0, or 1 when a workload could not run. Throws IOException
     * only when the JSON cannot be written.
     */
    public int run() throws InterruptedException, IOException {
        return runAll().stream().anyMatch(r -> r.has("error")) ? 1 : 0;
    }

    /** Runs every workload and prints the results; returns them in order. */
    List<RunResult> runAll() throws InterruptedException, IOException {
        List<RunResult> results = new ArrayList<>();
        for (Workload w : settings.workloads()) {
            LOG.info("{}", w.summary());
            RunResult r = w.saturation() ? SaturationSearch.search(w, this::runOnce, LOG::info) : runOnce(w);
            r.put("server", settings.ws() != null ? settings.ws().toString() : settings.cluster().clustered()
                    ? "self-started cluster" : "self-started");
            results.add(r);
            out.accept("");
            ResultTable.block(w, r).forEach(out);
        }
        out.accept("");
        ResultTable.summary(settings.workloads(), results).forEach(out);
        if (settings.json() != null) {
            writeJson(settings.json(), results);
            out.accept("");
            out.accept("JSON results: " + settings.json());
        }
        return results;
    }

    private RunResult runOnce(Workload w) throws InterruptedException {
        try {
            if (settings.ws() != null) {
                ServerTarget t = new ServerTarget(settings.ws(), settings.http(), settings.serverPid(), false);
                warnOnBatching(w, t);
                return run(w, t, () -> !t.hasPid() || ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive)
                        .orElse(false));
            }
            if (settings.cluster().clustered()) {
                try (ClusterProcesses cluster = ClusterProcesses.start(w, settings.launch(), settings.cluster())) {
                    return runCluster(w, cluster);
                }
            }
            try (ServerProcess server = ServerProcess.start(w, settings.launch())) {
                return run(w, server.target(), server::isAlive);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} failed", w.name(), e);
            return new RunResult().put("workload", w.name()).put("rate", w.rate()).put("error", String.valueOf(
                    e.getMessage()));
        }
    }

    private RunResult run(Workload w, ServerTarget t, BooleanSupplier alive) throws InterruptedException {
        RunResult r = (w.replays() ? replayRunner.run(w, t, alive) : runner.run(w, t, alive)).put("tls", t.tls());
        if (t.tls()) {
            // The server's engine as it reports it (absent from a server that does not say).
            String server = ServerStatistics.read(t.http()).path("tls_engine").asText("");
            r.put("tls_engine_server", server.isEmpty() ? "-" : server).put("tls_engine_clients",
                    clientTls.optionValue());
        }
        return r;
    }

    private RunResult runCluster(Workload w, ClusterProcesses cluster) throws InterruptedException {
        RunTargets t = cluster.targets();
        LOG.info("{}: {} nodes on {}", w.name(), t.nodes().size(), t.redis().describe());
        RunResult r;
        if (w.replays()) {
            // A replay workload measures one node's replays: its clients and publisher stay on the first node.
            if (t.nodes().size() > 1) {
                LOG.warn("{} replays against the first node only; the other nodes only read the stream", w.name());
            }
            r = run(w, t.first(), cluster::allAlive);
        } else {
            r = runner.run(w, t, cluster::allAlive).put("tls", t.first().tls());
        }
        // Each node's own counts: how the clients and the publisher's connections were spread, what it dropped.
        long dropped = 0;
        List<Long> clients = new ArrayList<>();
        List<Long> published = new ArrayList<>();
        for (ServerTarget node : t.nodes()) {
            JsonNode stats = ServerStatistics.read(node.http());
            dropped += stats.path("total_metrics_dropped").asLong(0);
            clients.add(stats.path("total_clients_connected").asLong(-1));
            published.add(stats.path("total_metrics_published").asLong(-1));
        }
        return r.put("nodes", t.nodes().size()).put("redis", t.redis().describe()).put("server_dropped", dropped)
                .put("node_clients", clients).put("node_published", published);
    }

    private void warnOnBatching(Workload w, ServerTarget t) {
        try {
            HttpResponse<String> resp = BenchTls.httpClient().build().send(HttpRequest.newBuilder(
                    t.http().resolve("/api/statistics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode stats = Json.mapper().readTree(resp.body());
            int batch = stats.path("batch_size").asInt(-1);
            double timeout = stats.path("batch_timeout_seconds").asDouble(-1);
            if (batch != w.batchSize() || Math.abs(timeout - w.batchTimeoutS()) > 1e-9 && w.batchSize() > 1) {
                LOG.warn("{} is defined with batch_size {} / batch_timeout {} but the server runs with {} / {}: "
                        + "results are not comparable with the definition", w.name(), w.batchSize(),
                        w.batchTimeoutS(), batch, timeout);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {}/api/statistics to check the server's batching: {}", t.http(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a JSON array with one object per line. */
    static void writeJson(Path file, List<RunResult> results) throws IOException {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++) {
            sb.append(results.get(i).toJson()).append(i + 1 < results.size() ? ",\n" : "\n");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, sb.append("]\n").toString(), StandardCharsets.UTF_8);
    }
}
