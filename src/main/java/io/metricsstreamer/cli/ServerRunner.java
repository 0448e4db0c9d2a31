package io.metricsstreamer.cli;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Starts a server for a command, prints the {@code listening ...} lines, and turns SIGINT/SIGTERM into a clean stop
 * with exit status 0 (the JVM would otherwise exit 130/143 after its shutdown hooks).
 */
final class ServerRunner {
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private ServerRunner() {
    }

    /**
     * Starts the server and prints one {@code listening} line per listener ({@code wss://} and {@code https://} with
     * TLS), after the fingerprint of a self-signed certificate, with the stop hook of {@link #installStopHook}.
     */
    static RealTimeMetricsStreamer start(StreamerConfig config) {
        return start(config, ServerRunner::installStopHook);
    }

    /**
     * As {@link #start(StreamerConfig)}, with {@code beforeListening} (which installs the command's own stop hook)
     * run before the lines are printed: a tool that signals the process as soon as it read them gets the command's
     * clean stop, not the JVM's refusal of a hook added during shutdown.
     */
    static RealTimeMetricsStreamer start(StreamerConfig config, Consumer<RealTimeMetricsStreamer> beforeListening) {
        RealTimeMetricsStreamer streamer = new RealTimeMetricsStreamer(config);
        streamer.start();
        beforeListening.accept(streamer);
        if (config.tlsSelfSigned()) {
            Console.line("tls self-signed certificate for localhost, 127.0.0.1: SHA-256 fingerprint "
                    + streamer.getTlsFingerprint());
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        boolean tls = config.tlsEnabled();
        Console.listening("websocket", (tls ? "wss://" : "ws://") + host + ":" + streamer.getPort() + "/");
        Console.listening("http", (tls ? "https://" : "http://") + host + ":" + streamer.getHttpPort() + "/");
        return streamer;
    }

    /**
     * Blocks until the process is asked to stop, then stops the server (close 1001 to every client) and ends the
     * process with status 0.
     */
    static void awaitShutdown(RealTimeMetricsStreamer streamer) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        installStopHook(streamer);
        never.await();
    }

    /** On SIGINT/SIGTERM (or System.exit): stop the server, then halt with status 0. Once per process. */
    static void installStopHook(RealTimeMetricsStreamer streamer) {
        if (!HOOKED.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streamer.stop();
            Console.line("stopped");
            Runtime.getRuntime().halt(0);
        }, "metrics-streamer-shutdown"));
    }
}
