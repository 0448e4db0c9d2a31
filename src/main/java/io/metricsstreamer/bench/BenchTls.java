package io.metricsstreamer.bench;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * TLS for the bench's clients, publishers and probes when the server speaks it ({@code wss://}, {@code https://}):
 * they take whatever certificate the server presents, without checking its chain or its name. The bench measures a
 * server it started itself (with a throwaway certificate) or one it was pointed at; it authenticates nothing and
 * sends nothing secret. That is why this trust lives here, in the load tool, and nowhere in the server. Every
 * connection negotiates what a real client would (TLS 1.3 with the JDK's engine, as the server), so the server's
 * cost is a real client's. Thread-safe.
 */
final class BenchTls {
    private static final SSLContext JDK = jdkContext();
    private static final SslContext NETTY = nettyContext();

    private BenchTls() {
    }

    /** Whether {@code uri} is a TLS one ({@code wss://} or {@code https://}). */
    static boolean isTls(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("wss") || scheme.equals("https");
    }

    /** An HTTP client builder that can speak to {@code https://} servers too (taking any certificate). */
    static HttpClient.Builder httpClient() {
        return HttpClient.newBuilder().sslContext(JDK);
    }

    /** The JDK context, for blocking sockets. */
    static SSLContext jdk() {
        return JDK;
    }

    /** A client {@code SslHandler} for {@code channel}, which connects to {@code uri}'s host and port. */
    static SslHandler handler(Channel channel, URI uri) {
        return NETTY.newHandler(channel.alloc(), uri.getHost(), uri.getPort());
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

    private static SslContext nettyContext() {
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalStateException("a client context with the JDK's engine", e);
        }
    }
}
