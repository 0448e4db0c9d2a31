package io.metricsstreamer.transport.connection;

import java.nio.file.Path;

/**
 * Where the listeners' TLS comes from: a PEM certificate chain and its key, a throwaway self-signed certificate, or
 * nothing (plain {@code ws://} and {@code http://}). Immutable; the combinations were validated with the server's
 * options.
 *
 * @param certificate the PEM certificate chain, or null
 * @param privateKey  the PEM private key of its first certificate, or null
 * @param selfSigned  whether to make a throwaway certificate at start instead
 */
public record TlsSettings(Path certificate, Path privateKey, boolean selfSigned) {
    /** No TLS. */
    public static final TlsSettings OFF = new TlsSettings(null, null, false);

    /** Whether both listeners serve TLS. */
    public boolean enabled() {
        return selfSigned || certificate != null;
    }
}
