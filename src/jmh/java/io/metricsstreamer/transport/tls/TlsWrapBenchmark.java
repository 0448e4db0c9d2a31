package io.metricsstreamer.transport.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What TLS adds per delivered frame and per connection, on the server's side: Netty's {@code SslHandler} with the
 * server's own context under each {@code engine} ({@code --tls-engine}: the JDK's or OpenSSL's) and a throwaway EC
 * P-256 certificate, on an {@code EmbeddedChannel}, so only the encryption and its bookkeeping are timed, no socket.
 * The client is the JDK's, offering TLS 1.3 with AES-128-GCM only (a browser's first choice), so both engines encrypt
 * with the same cipher. {@code wrap}: one flush of {@code frames} W1-sized frames (a {@code metric_update} of about 640
 * bytes each), as a client's delivery task writes them; the score divided by {@code frames} is the floor TLS puts
 * under each delivered metric, since a frame shared by many clients is encrypted once for each. {@code handshake}: a
 * whole handshake, both sides (the server's share is about half).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TlsWrapBenchmark {
    /** Frames per flush: 1 (batch 1, one metric per task) or 5 (several metrics reaching a client in one task). */
    @Param({"1", "5"})
    public int frames;

    /** The server's engine: {@code JDK} or {@code OPENSSL}, as {@code SslProvider} names them. */
    @Param({"JDK", "OPENSSL"})
    public SslProvider engine;

    private SslContext server;
    private SslContext client;
    private EmbeddedChannel serverSide;
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TlsMaterial material = ThrowawayCertificate.generate("127.0.0.1");
        server = SslContextBuilder.forServer(material.key(), material.chain().toArray(new X509Certificate[0]))
                .sslProvider(engine).protocols(ServerTls.PROTOCOLS)
                .ciphers(ServerTls.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE).build();
        client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3")
                .ciphers(List.of("TLS_AES_128_GCM_SHA256"))
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
        serverSide = connectedPair()[0];
        SSLSession session = serverSide.pipeline().get(SslHandler.class).engine().getSession();
        System.err.println("server engine " + engine + ": " + session.getProtocol() + " " + session.getCipherSuite());
        byte[] text = ("{\"type\":\"metric_update\",\"data\":{\"metric_type\":\"system\",\"timestamp\":\"2026-01-01T"
                + "00:00:00.000000Z\",\"seq\":123456,\"data\":{" + "\"field\":12345.67,".repeat(30)
                + "\"sent_us\":1}}}").getBytes(StandardCharsets.UTF_8);
        frame = Unpooled.directBuffer(text.length + 4).writeByte(0x81).writeByte(126).writeShort(text.length)
                .writeBytes(text);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        serverSide.finishAndReleaseAll();
        frame.release();
    }

    /** A server and a client channel whose handshake completed. */
    private EmbeddedChannel[] connectedPair() {
        EmbeddedChannel s = new EmbeddedChannel(server.newHandler(ByteBufAllocator.DEFAULT));
        EmbeddedChannel c = new EmbeddedChannel(client.newHandler(ByteBufAllocator.DEFAULT, "127.0.0.1", 1));
        for (int round = 0; round < 10 && !(done(s) && done(c)); round++) {
            shuttle(c, s);
            shuttle(s, c);
        }
        if (!done(s) || !done(c)) {
            throw new IllegalStateException("no handshake");
        }
        return new EmbeddedChannel[] {s, c};
    }

    private static boolean done(EmbeddedChannel ch) {
        return ch.pipeline().get(SslHandler.class).handshakeFuture().isSuccess();
    }

    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object m = from.readOutbound(); m != null; m = from.readOutbound()) {
            to.writeInbound(m);
        }
    }

    @Benchmark
    public long wrap() {
        for (int i = 0; i < frames; i++) {
            serverSide.write(frame.retainedDuplicate());
        }
        serverSide.flush();
        long bytes = 0;
        for (ByteBuf out = serverSide.readOutbound(); out != null; out = serverSide.readOutbound()) {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }

    @Benchmark
    public void handshake() {
        for (EmbeddedChannel ch : connectedPair()) {
            ch.finishAndReleaseAll();
        }
    }
}
