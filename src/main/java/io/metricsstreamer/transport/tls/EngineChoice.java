package io.metricsstreamer.transport.tls;

import io.metricsstreamer.transport.connection.TlsEngine;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * The TLS engine a server runs with, from the one wanted ({@code --tls-engine}) and whether netty-tcnative's native
 * library loads here. OpenSSL's engine costs less per record than the JDK's, whose AES-GCM cipher is set up again for
 * every record; both serve the same protocols and cipher suites ({@link ServerTls}). Immutable.
 *
 * @param engine   {@link TlsEngine#OPENSSL} or {@link TlsEngine#JDK}, never {@code AUTO}
 * @param provider Netty's provider for it
 * @param detail   what an operator reads in the start-up log: the engine, its library's version, and why OpenSSL was
 *                 not taken when {@code auto} fell back to the JDK's
 */
record EngineChoice(TlsEngine engine, SslProvider provider, String detail) {
    /**
     * The engine for {@code wanted} on this machine.
     *
     * @throws TlsSetupException when OpenSSL is wanted and its library cannot be loaded
     */
    static EngineChoice of(TlsEngine wanted) throws TlsSetupException {
        return of(wanted, OpenSsl.isAvailable(), OpenSsl.isAvailable() ? OpenSsl.versionString() : null,
                OpenSsl.unavailabilityCause());
    }

    /**
     * The engine for {@code wanted} when OpenSSL is {@code available} (its library's {@code version}) or not (for
     * {@code cause}).
     *
     * @throws TlsSetupException when OpenSSL is wanted and not available
     */
    static EngineChoice of(TlsEngine wanted, boolean available, String version, Throwable cause)
            throws TlsSetupException {
        if (wanted != TlsEngine.JDK && available) {
            return new EngineChoice(TlsEngine.OPENSSL, SslProvider.OPENSSL, "OpenSSL engine, " + version);
        }
        if (wanted == TlsEngine.OPENSSL) {
            throw new TlsSetupException("--tls-engine openssl: the OpenSSL engine cannot be loaded on this machine ("
                    + why(cause) + "); use --tls-engine auto or jdk for the JDK's engine");
        }
        return new EngineChoice(TlsEngine.JDK, SslProvider.JDK, "JDK engine, Java " + Runtime.version().feature()
                + (wanted == TlsEngine.AUTO ? "; OpenSSL's cannot be loaded here: " + why(cause) : ""));
    }

    private static String why(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause + ", caused by " + root;
    }
}
