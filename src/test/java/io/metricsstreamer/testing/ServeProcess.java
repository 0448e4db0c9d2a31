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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a JVM of its own, on ephemeral ports of 127.0.0.1, found from its listening lines; its stderr in a
 * file. For tests of the process itself (options from the environment, exit status, signals) and tests that need a
 * server to die as a process does ({@link #kill()}: SIGKILL).
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING =
            Pattern.compile("^listening (websocket|http) (ws|wss|http|https)://127\\.0\\.0\\.1:(\\d+)/$");
    private static final long STARTUP_SECONDS = 60;

    private final Process process;
    private final Path stderr;
    private final List<String> before;
    private final LinkedBlockingQueue<String> after;
    private final int wsPort;
    private final int httpPort;
    private final boolean tls;

    private ServeProcess(Process process, Path stderr, List<String> before, LinkedBlockingQueue<String> after,
                         int[] ports, boolean tls) {
        this.process = process;
        this.stderr = stderr;
        this.before = before;
        this.after = after;
        this.wsPort = ports[0];
        this.httpPort = ports[1];
        this.tls = tls;
    }

    /** Starts {@code serve --host 127.0.0.1 --port 0 --http-port 0} plus {@code args}; stderr goes into {@code dir}. */
    public static ServeProcess start(Path dir, String... args) {
        return launch(dir).args(args).start();
    }

    /** A start to set up: JVM flags, environment, arguments. */
    public static Launch launch(Path dir) {
        return new Launch(dir);
    }

    /** The stdout lines printed up to and including the HTTP port's listening line. */
    public List<String> linesBeforeListening() {
        return before;
    }

    /** The stdout lines printed after the listening lines, as they come. */
    public LinkedBlockingQueue<String> linesAfterListening() {
        return after;
    }

    /** The WebSocket port. */
    public int wsPort() {
        return wsPort;
    }

    /** The HTTP port. */
    public int httpPort() {
        return httpPort;
    }

    /** The process id, for signals of a test's own. */
    public long pid() {
        return process.pid();
    }

    /** The WebSocket URL. */
    public URI wsUri() {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + wsPort + "/");
    }

    /** A URL on the HTTP port. */
    public URI http(String path) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + httpPort + path);
    }

    /** What it logged so far. */
    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file its stderr goes to. */
    public Path stderrFile() {
        return stderr;
    }

    /** Asks it to stop with SIGTERM, as an operator's {@code kill} would; {@link #awaitExit} waits for it. */
    public void terminate() {
        process.destroy();
    }

    /** Its exit status once it exited within {@code seconds}; an assertion error naming its stderr otherwise. */
    public int awaitExit(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("serve still running after " + seconds + " s; stderr:\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() {
        Processes.end(process, true, 15);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.end(process, false, 15);
        }
    }

    /** Reads a process's standard output line by line on a daemon thread. */
    public static LinkedBlockingQueue<String> stdoutLines(Process p) {
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
        return lines;
    }

    /** The JVM flags, environment and arguments of one {@code serve} process. */
    public static final class Launch {
        private final Path dir;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Launch(Path dir) {
            this.dir = dir;
        }

        /** Adds JVM flags (before the main class). */
        public Launch jvmArgs(String... flags) {
            jvmArgs.addAll(List.of(flags));
            return this;
        }

        /** Adds arguments after {@code serve}'s own. */
        public Launch args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Sets an environment variable of the process. */
        public Launch env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Starts it and waits for both listening lines; fails naming its stderr when they do not come. */
        public ServeProcess start() {
            try {
                Path stderr = Files.createTempFile(dir, "serve", ".stderr");
                Process p = process(stderr);
                LinkedBlockingQueue<String> lines = stdoutLines(p);
                List<String> before = new ArrayList<>();
                int[] ports = {-1, -1};
                boolean tls = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
                while (ports[0] < 0 || ports[1] < 0) {
                    String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (line == null) {
                        p.destroyForcibly();
                        throw new AssertionError("serve printed no listening lines; stdout so far: " + before
                                + "\nstderr:\n" + Files.readString(stderr));
                    }
                    before.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.matches()) {
                        ports[m.group(1).equals("websocket") ? 0 : 1] = Integer.parseInt(m.group(3));
                        tls = m.group(2).endsWith("s");
                    }
                }
                return new ServeProcess(p, stderr, List.copyOf(before), lines, ports, tls);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Starts it and returns the bare process, for a start expected to fail; stderr goes to {@code stderr}. */
        public Process process(Path stderr) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0"));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().putAll(env);
            return builder.start();
        }
    }
}
