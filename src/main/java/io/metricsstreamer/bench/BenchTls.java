package io.metricsstreamer.bench;

import io.metricsstreamer.transport.connection.TlsEngine;
import io.netty.channel.Channel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * TLS for the bench's clients, publishers and probes when the server speaks it ({@code wss://}, {@code https://}):
 * they take whatever certificate the server presents, without checking its chain or its name. The bench measures a
 * server it started itself (with a throwaway certificate) or one it was pointed at; it authenticates nothing and
 * sends nothing secret. That is why this trust lives here, in the load tool, and nowhere in the server. Every
 * WebSocket client negotiates what a real client would (TLS 1.3), with the engine of {@code bench --tls-engine}
 * (OpenSSL's when it loads, as the server's): the clients decrypt every record the server encrypts, on the same
 * machine, so a client engine dearer than the server's would measure the bench. The publishers and probes use the
 * JDK's HTTP client. Thread-safe.
 */
final class BenchTls {
    private static final SSLContext JDK = jdkContext();
    private static final Map<TlsEngine, SslContext> NETTY = new ConcurrentHashMap<>();

    private BenchTls() {
    }

    /** Whether {@code uri} is a TLS one ({@code wss://} or {@code https://}). */
    static boolean isTls(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("wss") || scheme.equals("https");
    }

    /**
     * The engine the WebSocket clients use for {@code wanted}: OpenSSL's for {@code AUTO} when its library loads here.
     *
     * @throws IllegalArgumentException when OpenSSL is wanted and cannot be loaded
     */
    static TlsEngine resolve(TlsEngine wanted) {
        if (wanted == TlsEngine.JDK || wanted == TlsEngine.AUTO && !OpenSsl.isAvailable()) {
            return TlsEngine.JDK;
        }
        if (!OpenSsl.isAvailable()) {
            throw new IllegalArgumentException("--tls-engine openssl: the OpenSSL engine cannot be loaded on this "
                    + "machine (" + OpenSsl.unavailabilityCause() + ")");
        }
        return TlsEngine.OPENSSL;
    }

    /** An HTTP client builder that can speak to {@code https://} servers too (taking any certificate). */
    static HttpClient.Builder httpClient() {
        return HttpClient.newBuilder().sslContext(JDK);
    }

    /** The JDK context, for blocking sockets. */
    static SSLContext jdk() {
        return JDK;
    }

    /**
     * A client {@code SslHandler} of {@code engine} ({@link #resolve resolved}) for {@code channel}, which connects to
     * {@code uri}'s host and port.
     */
    static SslHandler handler(Channel channel, URI uri, TlsEngine engine) {
        return NETTY.computeIfAbsent(engine, BenchTls::nettyContext).newHandler(channel.alloc(), uri.getHost(),
                uri.getPort());
    }

    private static SSLContext jdkContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has TLS", e);
        }
    }

    private static SslContext nettyContext(TlsEngine engine) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(engine == TlsEngine.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalStateException("a client context with the " + engine.optionValue() + " engine", e);
        }
    }
}
