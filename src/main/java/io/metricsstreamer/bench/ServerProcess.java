package io.metricsstreamer.bench;

import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test started as a child process: by default this same program
 * ({@code java -cp <our classpath> io.metricsstreamer.cli.Main serve ...}), or any command given (run with
 * {@code sh -c}, like the shared harness's {@code --cmd}), with
 * {@code --host 127.0.0.1 --port 0 --http-port 0 --batch-size B --batch-timeout T --max-clients 20000} and the
 * workload's own server options (W7's history bounds) appended (and {@code --tls-self-signed} with {@code bench --tls},
 * with its {@code --tls-engine}), and {@code METRICS_STREAMER_MAX_CONNECTIONS_PER_ADDRESS=20000} in its environment
 * (every client comes from 127.0.0.1); W7 also gives this program's server a larger heap
 * ({@link Workload#serverJvmArgs()}), which a command must give itself. Its ports come from the contract's
 * {@code listening ...} lines on its stdout; its stderr goes to a log file (or nowhere). Stop it with {@link #close()}:
 * SIGTERM, then SIGKILL after 5 s.
 */
final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 90;
    private static final String WS_PREFIX = "listening websocket ";
    private static final String HTTP_PREFIX = "listening http ";
    /**
     * The JVM flags {@code bin/metrics-streamer} runs the server with (docs/OPERATIONS.md and the launcher explain
     * each), so that the bench measures the server as it is deployed. Added before {@code --server-jvm-arg}s, which
     * win.
     */
    static final List<String> LAUNCHER_JVM_ARGS = List.of("-Xmx192m", "-Xmn32m", "-XX:MetaspaceSize=64m",
            "-XX:GCTimeRatio=4", "-XX:MaxDirectMemorySize=512m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.leakDetection.level=disabled");

    /** The variable that raises this server's {@code --max-connections-per-address} for the bench's clients. */
    static final String PER_ADDRESS_VARIABLE = "METRICS_STREAMER_MAX_CONNECTIONS_PER_ADDRESS";

    private final Process process;
    private final ServerTarget target;

    private ServerProcess(Process process, ServerTarget target) {
        this.process = process;
        this.target = target;
    }

    /** Starts a server with the batching of {@code w} and waits for both listening lines. */
    static ServerProcess start(Workload w, ServerLaunch launch) {
        return start(w, launch, List.of());
    }

    /** As {@link #start(Workload, ServerLaunch)}, with {@code extra} server options appended (a node's --redis). */
    static ServerProcess start(Workload w, ServerLaunch launch, List<String> extra) {
        return startAll(w, launch, extra, 1).get(0);
    }

    /**
     * Starts {@code n} servers at once (their JVMs start side by side) and waits for each one's listening lines;
     * when one fails, stops them all and throws.
     */
    static List<ServerProcess> startAll(Workload w, ServerLaunch launch, List<String> extra, int n) {
        List<String> cmd = command(w, launch, extra);
        List<Process> started = new ArrayList<>();
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ProcessBuilder pb = processBuilder(cmd);
                pb.redirectError(launch.log() == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
                try {
                    started.add(pb.start());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the server: " + String.join(" ", cmd), e);
                }
            }
            for (Process p : started) {
                servers.add(new ServerProcess(p, awaitListening(p, String.join(" ", cmd))));
            }
            return servers;
        } catch (RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw e;
        }
    }

    /** The process of {@code cmd}, its environment set for the bench's clients. */
    static ProcessBuilder processBuilder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE);
        // Every client of the bench connects from 127.0.0.1: past the default of 1,000 per address, W3's 10,000
        // would be refused. In the environment, not on the command line, so that a peer server given as a command
        // (which has no such option) ignores it.
        pb.environment().put(PER_ADDRESS_VARIABLE, "20000");
        return pb;
    }

    static List<String> command(Workload w, ServerLaunch launch) {
        return command(w, launch, List.of());
    }

    static List<String> command(Workload w, ServerLaunch launch, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--http-port", "0",
                "--batch-size", Integer.toString(w.batchSize()), "--batch-timeout", Double.toString(w.batchTimeoutS()),
                "--max-clients", "20000"));
        args.addAll(w.serverOptions());
        args.addAll(extra);
        if (launch.tls()) {
            args.add("--tls-self-signed");
            if (launch.tlsEngine() != TlsEngine.AUTO) {
                args.addAll(List.of("--tls-engine", launch.tlsEngine().optionValue()));
            }
        }
        List<String> cmd = new ArrayList<>();
        if (launch.command() != null) {
            cmd.addAll(List.of("/bin/sh", "-c", "exec " + launch.command() + " " + String.join(" ", args)));
            return cmd;
        }
        cmd.add(javaBinary());
        cmd.addAll(LAUNCHER_JVM_ARGS);
        cmd.addAll(w.serverJvmArgs());
        cmd.addAll(launch.jvmArgs());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.metricsstreamer.cli.Main", "serve"));
        cmd.addAll(args);
        return cmd;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    private static ServerTarget awaitListening(Process p, String cmd) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> drain(p, lines), "bench-server-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        URI ws = null;
        URI http = null;
        while (ws == null || http == null) {
            String line = poll(lines, deadline);
            if (line == null) {
                throw new IllegalStateException("the server did not print both listening lines within "
                        + START_TIMEOUT_SECONDS + " s" + (p.isAlive() ? "" : " (it exited " + p.exitValue() + ")")
                        + ": " + cmd);
            }
            if (line.startsWith(WS_PREFIX)) {
                ws = local(line.substring(WS_PREFIX.length()).trim());
            } else if (line.startsWith(HTTP_PREFIX)) {
                http = local(line.substring(HTTP_PREFIX.length()).trim());
            }
        }
        return new ServerTarget(ws, http, p.pid(), true);
    }

    private static String poll(BlockingQueue<String> lines, long deadline) {
        try {
            return lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void drain(Process p, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.offer(line);
            }
        } catch (IOException e) {
            // the process ended: nothing more to read
        }
    }

    /** A URL a server printed, with a wildcard host replaced by 127.0.0.1. */
    static URI local(String url) {
        URI u = URI.create(url);
        String host = u.getHost();
        if (host == null || "0.0.0.0".equals(host) || "[::]".equals(host) || "::".equals(host)) {
            return URI.create(u.getScheme() + "://127.0.0.1:" + u.getPort() + "/");
        }
        return u;
    }

    /** Where the server listens, and its pid. */
    ServerTarget target() {
        return target;
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
