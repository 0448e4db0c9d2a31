package io.metricsstreamer.cli;

import io.metricsstreamer.transport.connection.TlsEngine;

/** Reads {@code --tls-engine} in any case ({@code openssl}, {@code OpenSSL}). */
final class TlsEngineConverter extends CaseInsensitiveEnumConverter<TlsEngine> {
    TlsEngineConverter() {
        super(TlsEngine.class, "a TLS engine");
    }
}
