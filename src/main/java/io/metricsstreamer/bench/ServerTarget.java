package io.metricsstreamer.bench;

import java.net.URI;

/**
 * The server a run measures: its WebSocket and HTTP base URLs, and its pid when it is a local process whose CPU and
 * memory can be read ({@code -1} otherwise).
 *
 * @param ws          {@code ws://HOST:PORT/} ({@code wss://} with TLS)
 * @param http        {@code http://HOST:PORT/} ({@code https://} with TLS)
 * @param pid         the server's pid, or -1
 * @param selfStarted whether the bench started it (and so may start a fresh one per run)
 */
record ServerTarget(URI ws, URI http, long pid, boolean selfStarted) {
    /** Whether the server speaks TLS ({@code wss://}): then every client and publisher does too. */
    boolean tls() {
        return BenchTls.isTls(ws);
    }

    /** Whether CPU and memory can be read. */
    boolean hasPid() {
        return pid > 0;
    }
}
