package io.metricsstreamer.transport.connection;

import java.util.Locale;

/** Which implementation of TLS encrypts the connections ({@code --tls-engine}). */
public enum TlsEngine {
    /** OpenSSL when its native library loads on this machine, otherwise the JDK's. */
    AUTO,
    /**
     * OpenSSL: netty-tcnative's BoringSSL, a native library the jar carries for Linux, macOS and Windows. The server
     * does not start when it cannot be loaded.
     */
    OPENSSL,
    /** The JDK's own {@code SSLEngine}. */
    JDK;

    /** The option's value, as given and shown: {@code auto}, {@code openssl}, {@code jdk}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
