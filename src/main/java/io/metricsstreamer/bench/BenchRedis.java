package io.metricsstreamer.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Redis a cluster run's nodes share: one the bench started ({@code bench --redis-start}: {@code redis-server} on
 * an ephemeral port of 127.0.0.1, without persistence, in a directory of its own, killed by {@link #close()}), or a
 * running one given by its URL ({@code bench --redis URL}, left alone). Its CPU is read from Redis itself
 * ({@code INFO cpu}: {@code used_cpu_sys + used_cpu_user}, every thread of the server, to the microsecond) over a
 * plain socket, so it works for a remote Redis too; a {@code rediss://} Redis, or one that does not answer, reads as
 * NaN. Not thread-safe.
 */
final class BenchRedis implements AutoCloseable {
    static final List<Path> BINARIES = List.of(Path.of("/usr/bin/redis-server"),
            Path.of("/usr/local/bin/redis-server"));
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final String url;
    private final String host;
    private final int port;
    private final String password;
    private final boolean tls;
    private final Process process;
    private final Path dir;

    private BenchRedis(String url, Process process, Path dir) {
        URI u = URI.create(url);
        this.url = url;
        this.host = u.getHost();
        this.port = u.getPort() > 0 ? u.getPort() : 6379;
        this.tls = "rediss".equalsIgnoreCase(u.getScheme());
        String info = u.getRawUserInfo();
        this.password = info == null ? null : URLDecoder.decode(info.substring(info.indexOf(':') + 1),
                StandardCharsets.UTF_8);
        this.process = process;
        this.dir = dir;
    }

    /** A running Redis, given as {@code redis://[:PASSWORD@]HOST:PORT[/DB]}: the bench reads its CPU, no more. */
    static BenchRedis external(String url) {
        return new BenchRedis(url, null, null);
    }

    /**
     * Starts {@code redis-server} on a free port of 127.0.0.1 and waits until it answers PING. @throws
     * IllegalStateException when it is not installed or does not start
     */
    static BenchRedis start() {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("--redis-start needs redis-server in /usr/bin or /usr/local/bin "
                        + "(apt-get install redis-server), or give a running one with --redis URL"));
        Path dir;
        int port;
        try {
            dir = Files.createTempDirectory("bench-redis");
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--protected-mode", "no");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
        }
        BenchRedis r = new BenchRedis("redis://127.0.0.1:" + port, p, dir);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!"PONG".equals(r.call("PING"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                r.close();
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                        + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s"
                        + (p.isAlive() ? "" : " (it exited " + p.exitValue() + ")"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return r;
    }

    /** The URL the nodes are given ({@code --redis}). */
    String url() {
        return url;
    }

    /** The URL without its password, for the results. */
    String describe() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + (process != null ? " (started by the bench)"
                : "");
    }

    /** The pid of the redis-server the bench started, or -1. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** CPU seconds Redis used so far (user and system, all its threads), or NaN when it cannot be read. */
    double cpuSeconds() {
        String info = call("INFO", "cpu");
        if (info == null) {
            return Double.NaN;
        }
        return parseCpuSeconds(info);
    }

    /** {@code used_cpu_sys + used_cpu_user} of an {@code INFO cpu} answer, or NaN. */
    static double parseCpuSeconds(String info) {
        double sys = Double.NaN;
        double user = Double.NaN;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:")) {
                sys = Double.parseDouble(line.substring("used_cpu_sys:".length()).trim());
            } else if (line.startsWith("used_cpu_user:")) {
                user = Double.parseDouble(line.substring("used_cpu_user:".length()).trim());
            }
        }
        return sys + user;
    }

    /**
     * Sends one command (after AUTH when the URL has a password) and returns its answer: a status's or a bulk
     * string's text, or null on any failure (an error answer, an integer or an array included).
     */
    String call(String... args) {
        if (tls) {
            return null;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (password != null) {
                out.write(encode("AUTH", password));
                out.flush();
                if (read(in) == null) {
                    return null;
                }
            }
            out.write(encode(args));
            out.flush();
            return read(in);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] encode(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String read(InputStream in) throws IOException {
        String head = line(in);
        if (head.startsWith("+")) {
            return head.substring(1);
        }
        if (head.startsWith("$")) {
            int len = Integer.parseInt(head.substring(1));
            if (len < 0) {
                return null;
            }
            byte[] body = in.readNBytes(len + 2);
            return new String(body, 0, Math.min(len, body.length), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Kills the redis-server the bench started and removes its directory; a running one is left alone. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory harms nothing
        }
    }
}
