package io.metricsstreamer.bench;

import io.metricsstreamer.transport.connection.TlsEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the bench starts the servers it measures.
 *
 * @param command a shell command to run instead of this program's {@code serve} (the server options are appended),
 *                or null
 * @param jvmArgs extra JVM arguments for this program's server (ignored with a command)
 * @param log     file the server's stderr is appended to, or null to discard it
 * @param tls       whether the servers serve TLS with a throwaway certificate ({@code --tls-self-signed} appended),
 *                  and the bench's clients connect over {@code wss://} and {@code https://}
 * @param tlsEngine the TLS engine of the bench's WebSocket clients, and of the servers it starts ({@code --tls-engine}
 *                  appended unless {@code AUTO}, the servers' default)
 */
public record ServerLaunch(String command, List<String> jvmArgs, Path log, boolean tls, TlsEngine tlsEngine) {
    /** This program's server, no extra JVM arguments, stderr discarded. */
    public static final ServerLaunch DEFAULT = new ServerLaunch(null, List.of(), null);

    /** Servers without TLS. */
    public ServerLaunch(String command, List<String> jvmArgs, Path log) {
        this(command, jvmArgs, log, false, TlsEngine.AUTO);
    }

    /** Copies the argument list. */
    public ServerLaunch {
        jvmArgs = List.copyOf(jvmArgs);
        Objects.requireNonNull(tlsEngine, "tlsEngine");
    }
}
