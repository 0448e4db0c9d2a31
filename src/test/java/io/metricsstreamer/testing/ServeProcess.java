package io.metricsstreamer.testing;

import io.metricsstreamer.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a JVM of its own, on ephemeral ports of 127.0.0.1, found from its listening lines; its stderr in a
 * file. For tests that need a server to die as a process does ({@link #kill()}: SIGKILL).
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING =
            Pattern.compile("^listening (websocket|http) \\w+://127\\.0\\.0\\.1:(\\d+)/$");
    private static final long STARTUP_SECONDS = 60;

    private final Process process;
    private final Path stderr;
    private final int wsPort;
    private final int httpPort;

    private ServeProcess(Process process, Path stderr, int wsPort, int httpPort) {
        this.process = process;
        this.stderr = stderr;
        this.wsPort = wsPort;
        this.httpPort = httpPort;
    }

    /** Starts {@code serve --host 127.0.0.1 --port 0 --http-port 0} plus {@code args}; stderr goes into {@code dir}. */
    public static ServeProcess start(Path dir, String... args) {
        try {
            Path stderr = Files.createTempFile(dir, "serve", ".stderr");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the pipe closes under a blocked read when the process dies: the end of stdout
                    return;
                }
            }, "serve-process-stdout");
            reader.setDaemon(true);
            reader.start();
            int ws = -1;
            int http = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
            while (ws < 0 || http < 0) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    p.destroyForcibly();
                    throw new AssertionError("serve printed no listening lines; stderr:\n" + Files.readString(stderr));
                }
                Matcher m = LISTENING.matcher(line);
                if (m.matches() && m.group(1).equals("websocket")) {
                    ws = Integer.parseInt(m.group(2));
                } else if (m.matches()) {
                    http = Integer.parseInt(m.group(2));
                }
            }
            return new ServeProcess(p, stderr, ws, http);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The WebSocket URL. */
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + wsPort + "/");
    }

    /** A URL on the HTTP port. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** What it logged so far. */
    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
