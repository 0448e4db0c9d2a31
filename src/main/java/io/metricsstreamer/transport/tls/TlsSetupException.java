package io.metricsstreamer.transport.tls;

/**
 * TLS cannot be set up from the options given: a file missing or unreadable, not PEM, without the certificate or key it
 * should hold, a key that is not the certificate's, an engine that cannot be loaded. The message starts with the option
 * it is about ({@code --tls-cert FILE: ...}) and says what to do; nothing was started.
 */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsSetupException(String message) {
        super(message);
    }

    TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
