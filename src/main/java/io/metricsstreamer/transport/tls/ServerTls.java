package io.metricsstreamer.transport.tls;

import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.transport.connection.PlaintextBacklog;
import io.metricsstreamer.transport.connection.TlsEngine;
import io.metricsstreamer.transport.connection.TlsSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS of both listeners: the certificate and key of {@link TlsSettings}, loaded and checked once at start, in one
 * Netty {@code SslContext} (OpenSSL's engine or the JDK's, {@link EngineChoice}; either serves TLS 1.3 and 1.2 only,
 * forward-secret AEAD cipher suites only), and the handlers it puts first in each connection's pipeline:
 * {@link PlaintextRefusal}, the {@code SslHandler} (named {@link #HANDLER}; its handshake must complete within the
 * request deadline), {@link PlaintextBacklog} (what a client has not read stays unencrypted) and {@link TlsGuard}.
 * Encryption is per connection: a frame shared by many clients is encrypted once for each, as the socket takes it.
 * Immutable and thread-safe.
 */
public final class ServerTls {
    /** The name of the {@code SslHandler} in each pipeline. */
    public static final String HANDLER = "tls";
    /** The protocol versions served. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * The cipher suites served, in the server's order of preference: Mozilla's "intermediate" list without its
     * finite-field Diffie-Hellman suites, so every suite has forward secrecy and authenticated encryption (Netty's
     * defaults for the JDK also offer RSA key exchange and CBC suites, for old clients). Those the engine lacks are
     * left out. BoringSSL (the OpenSSL engine) takes no list for TLS 1.3 and serves its own three, the first three
     * here.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final SslContext context;
    private final TlsEngine engine;
    private final TlsMaterial material;
    private final long handshakeTimeoutMillis;
    private final HandshakeFailures failures;
    private final TlsGuard guard;

    private ServerTls(SslContext context, TlsEngine engine, TlsMaterial material, long handshakeTimeoutMillis,
            ServerStats stats) {
        this.context = context;
        this.engine = engine;
        this.material = material;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.failures = new HandshakeFailures(stats);
        this.guard = new TlsGuard(failures);
    }

    /**
     * The TLS of {@code settings}: its PEM files read, or a throwaway certificate made (for {@code host} too, when it
     * is a specific address); a certificate that is not valid now is logged as a warning, not refused.
     *
     * @param handshakeTimeoutNanos how long a handshake may take (the request deadline, {@code --handshake-timeout})
     * @throws TlsSetupException when the files cannot be used, naming the option and the file, or when the engine
     *                           asked for cannot be loaded
     */
    public static ServerTls create(TlsSettings settings, String host, long handshakeTimeoutNanos, ServerStats stats)
            throws TlsSetupException {
        EngineChoice engine = EngineChoice.of(settings.engine());
        TlsMaterial material = settings.selfSigned() ? ThrowawayCertificate.generate(host)
                : TlsMaterial.fromPem(settings.certificate(), settings.privateKey());
        SslContext context;
        try {
            context = SslContextBuilder.forServer(material.key(), material.chain().toArray(new X509Certificate[0]))
                    .sslProvider(engine.provider())
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsSetupException((settings.selfSigned() ? "--tls-self-signed" : "--tls-cert "
                    + settings.certificate()) + ": TLS cannot be set up with this certificate and key: " + e, e);
        }
        X509Certificate cert = material.certificate();
        warnUnlessValidNow(settings, cert);
        LOG.info("TLS on both ports ({}, {}): certificate {}, valid until {}, SHA-256 {}",
                String.join(" and ", PROTOCOLS), engine.detail(), cert.getSubjectX500Principal().getName(),
                cert.getNotAfter().toInstant(), TlsMaterial.fingerprint(cert));
        return new ServerTls(context, engine.engine(), material, TimeUnit.NANOSECONDS.toMillis(handshakeTimeoutNanos),
                stats);
    }

    private static void warnUnlessValidNow(TlsSettings settings, X509Certificate cert) {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException e) {
            LOG.warn("--tls-cert {}: the certificate expired at {}: clients will refuse it; renew it (certbot renew) "
                    + "and restart", settings.certificate(), cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            LOG.warn("--tls-cert {}: the certificate is valid only from {}: clients will refuse it until then "
                    + "(is this machine's clock right?)", settings.certificate(), cert.getNotBefore().toInstant());
        }
    }

    /** Puts the TLS handlers first in {@code channel}'s pipeline (called when it is initialised). */
    public void install(Channel channel) {
        SslHandler ssl = context.newHandler(channel.alloc());
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        ChannelPipeline p = channel.pipeline();
        p.addFirst("tls-guard", guard);
        p.addFirst("tls-backlog", new PlaintextBacklog());
        p.addFirst(HANDLER, ssl);
        p.addFirst("plaintext-refusal", new PlaintextRefusal(failures));
    }

    /** The engine that encrypts: {@link TlsEngine#OPENSSL} or {@link TlsEngine#JDK}. */
    public TlsEngine engine() {
        return engine;
    }

    /** The certificate served (the first of the chain). */
    public X509Certificate certificate() {
        return material.certificate();
    }

    /** The SHA-256 fingerprint of the certificate served, as openssl prints it ({@code AB:CD:...}). */
    public String fingerprint() {
        return TlsMaterial.fingerprint(material.certificate());
    }
}
