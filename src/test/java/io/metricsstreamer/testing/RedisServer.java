package io.metricsstreamer.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for the cluster tests, on an ephemeral port of 127.0.0.1, in a directory of its own.
 * {@link #start()} skips the test (a JUnit assumption, with the reason) only when no redis-server is installed;
 * every other failure fails it. It can be stopped, killed with SIGKILL, and started again on the same port: with
 * {@code persistent} it keeps its data across that (an append-only file), else it comes back empty, as a Redis
 * without persistence does.
 */
public final class RedisServer implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"),
            Path.of("/usr/local/bin/redis-server"));
    private static final Duration START_WAIT = Duration.ofSeconds(20);

    private final Path binary;
    private final Path dir;
    private final boolean persistent;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dir, boolean persistent, int port) {
        this.binary = binary;
        this.dir = dir;
        this.persistent = persistent;
        this.port = port;
    }

    /** Starts a Redis without persistence; skips the test when redis-server is not installed. */
    public static RedisServer start() {
        return start(false);
    }

    /** Starts a Redis, with an append-only file when {@code persistent}; skips when redis-server is not installed. */
    public static RedisServer start(boolean persistent) {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null, "redis-server is not installed (apt-get install redis-server): "
                + "the cluster tests need a real Redis");
        try {
            RedisServer r = new RedisServer(binary, Files.createTempDirectory("redis-test"), persistent, freePort());
            r.restart();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The URL the nodes are given ({@code --redis}). */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The port it listens on (the same across restarts). */
    public int port() {
        return port;
    }

    /** Starts it (again) on its port, and waits until it answers PING. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is running");
        }
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--daemonize", "no",
                "--protected-mode", "no", "--appendonly", persistent ? "yes" : "no"));
        if (persistent) {
            cmd.addAll(List.of("--appendfsync", "always"));
        }
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        await().atMost(START_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            return "+PONG".equals(command("PING"));
        });
    }

    /** Sends one inline command and returns the first line of the answer (a status, an error or a length). */
    public String command(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops it with SIGSTOP: its connections stay open and it reads nothing, a Redis stalled. */
    public synchronized void pause() {
        signal("-STOP");
    }

    /** Lets a {@link #pause}d one go on (SIGCONT). */
    public synchronized void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills it with SIGKILL and waits until it is gone. */
    public synchronized void kill() {
        end(true);
    }

    /** Stops it with SIGTERM (it saves, when persistent) and waits until it is gone. */
    public synchronized void stop() {
        end(false);
    }

    private void end(boolean kill) {
        if (process == null) {
            return;
        }
        Processes.end(process, kill, 10);
    }

    @Override
    public void close() {
        stop();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
