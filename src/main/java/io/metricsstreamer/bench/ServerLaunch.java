package io.metricsstreamer.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * How the bench starts the servers it measures.
 *
 * @param command a shell command to run instead of this program's {@code serve} (the server options are appended),
 *                or null
 * @param jvmArgs extra JVM arguments for this program's server (ignored with a command)
 * @param log     file the server's stderr is appended to, or null to discard it
 */
public record ServerLaunch(String command, List<String> jvmArgs, Path log) {
    /** This program's server, no extra JVM arguments, stderr discarded. */
    public static final ServerLaunch DEFAULT = new ServerLaunch(null, List.of(), null);

    /** Copies the argument list. */
    public ServerLaunch {
        jvmArgs = List.copyOf(jvmArgs);
    }
}
