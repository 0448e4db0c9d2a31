package io.metricsstreamer.transport.connection;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the listeners' TLS comes from: a PEM certificate chain and its key, a throwaway self-signed certificate, or
 * nothing (plain {@code ws://} and {@code http://}); and which engine encrypts. Immutable; the combinations were
 * validated with the server's options.
 *
 * @param certificate the PEM certificate chain, or null
 * @param privateKey  the PEM private key of its first certificate, or null
 * @param selfSigned  whether to make a throwaway certificate at start instead
 * @param engine      the TLS implementation wanted
 */
public record TlsSettings(Path certificate, Path privateKey, boolean selfSigned, TlsEngine engine) {
    /** No TLS. */
    public static final TlsSettings OFF = new TlsSettings(null, null, false, TlsEngine.AUTO);

    /** Checks the engine is given. */
    public TlsSettings {
        Objects.requireNonNull(engine, "engine");
    }

    /** Whether both listeners serve TLS. */
    public boolean enabled() {
        return selfSigned || certificate != null;
    }
}
