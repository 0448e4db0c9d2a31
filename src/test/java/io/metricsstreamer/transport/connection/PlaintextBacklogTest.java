package io.metricsstreamer.transport.connection;

import static io.metricsstreamer.testing.TestTls.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A TLS connection whose socket takes nothing for a while (a client that stopped reading), with a real
 * {@code SslHandler} of each engine: what it holds stays the shared plaintext frames, at most
 * {@link PlaintextBacklog#IN_FLIGHT_BYTES} is encrypted ahead of the socket, the held bytes make the channel
 * unwritable as unsent bytes do, and once the socket takes data again everything arrives, decrypted, in order. On
 * close, what it held is released and its writes fail.
 */
class PlaintextBacklogTest {
    private static final int FRAME_BYTES = 5_000;
    private static final int FRAMES = 200;
    /** What the SslHandler may add beyond the limit: the write that crosses it, and each record's overhead. */
    private static final int SLACK = FRAME_BYTES + 4 * 1024;

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private ByteBuf frame;

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        if (frame != null && frame.refCnt() > 0) {
            frame.release(frame.refCnt());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aStalledSocketHoldsTheSharedFramesAndAtMostTheLimitEncrypted(SslProvider engine) throws SSLException {
        StalledSocket socket = new StalledSocket();
        EmbeddedChannel server = server(engine, socket);
        EmbeddedChannel client = handshaken(server, socket);
        frame = frame();
        socket.stalled = true;

        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            writes.add(server.write(frame.retainedDuplicate()));
        }
        server.flush();

        assertThat(socket.heldBytes()).isPositive().isLessThanOrEqualTo(PlaintextBacklog.IN_FLIGHT_BYTES + SLACK);
        assertThat(frame.refCnt()).as("the frames held are references to the shared buffer")
                .isGreaterThan(FRAMES - (PlaintextBacklog.IN_FLIGHT_BYTES + SLACK) / FRAME_BYTES);
        assertThat(server.isWritable()).as("the held bytes count as unsent").isFalse();
        assertThat(writes.get(FRAMES - 1).isDone()).isFalse();

        for (int round = 0; round < 100 && socket.heldBytes() > 0; round++) {
            socket.passHeld();
            assertThat(socket.heldBytes()).isLessThanOrEqualTo(PlaintextBacklog.IN_FLIGHT_BYTES + SLACK);
        }

        assertThat(writes).allSatisfy(w -> assertThat(w.isSuccess()).isTrue());
        assertThat(server.isWritable()).isTrue();
        assertThat(frame.refCnt()).as("only the test's own reference").isEqualTo(1);
        shuttle(server, client);
        assertThat(plaintext(client)).isEqualTo(expected());
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void closingReleasesWhatItHoldsAndFailsItsWrites(SslProvider engine) throws SSLException {
        StalledSocket socket = new StalledSocket();
        EmbeddedChannel server = server(engine, socket);
        handshaken(server, socket);
        frame = frame();
        socket.stalled = true;
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            writes.add(server.write(frame.retainedDuplicate()));
        }
        server.flush();

        server.close();
        socket.drop();

        assertThat(frame.refCnt()).isEqualTo(1);
        assertThat(writes.get(FRAMES - 1).cause()).isInstanceOf(ClosedChannelException.class);
    }

    /** A server channel: the stalled socket, an SslHandler of {@code engine} and the backlog; a small mark. */
    private EmbeddedChannel server(SslProvider engine, StalledSocket socket) throws SSLException {
        SslContext context = SslContextBuilder.forServer(fixture("ec-fullchain.crt").toFile(),
                fixture("ec-pkcs8.key").toFile()).sslProvider(engine).build();
        EmbeddedChannel server = new EmbeddedChannel(socket, context.newHandler(ByteBufAllocator.DEFAULT),
                new PlaintextBacklog());
        server.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 128 * 1024));
        channels.add(server);
        return server;
    }

    /** A client whose handshake with {@code server} completed (its socket passing everything meanwhile). */
    private EmbeddedChannel handshaken(EmbeddedChannel server, StalledSocket socket) throws SSLException {
        SslContext context = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null).build();
        EmbeddedChannel client = new EmbeddedChannel(context.newHandler(ByteBufAllocator.DEFAULT, "127.0.0.1", 1));
        channels.add(client);
        for (int round = 0; round < 10 && !(done(server) && done(client)); round++) {
            shuttle(client, server);
            shuttle(server, client);
        }
        assertThat(done(server) && done(client)).as("handshake").isTrue();
        socket.stalled = false;
        return client;
    }

    private static boolean done(EmbeddedChannel ch) {
        return ch.pipeline().get(SslHandler.class).handshakeFuture().isSuccess();
    }

    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object m = from.readOutbound(); m != null; m = from.readOutbound()) {
            to.writeInbound(m);
        }
    }

    private static ByteBuf frame() {
        ByteBuf b = Unpooled.directBuffer(FRAME_BYTES);
        for (int i = 0; i < FRAME_BYTES; i++) {
            b.writeByte('a' + i % 26);
        }
        return b;
    }

    private byte[] expected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] one = new byte[FRAME_BYTES];
        frame.getBytes(0, one);
        for (int i = 0; i < FRAMES; i++) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }

    private static byte[] plaintext(EmbeddedChannel client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = client.readInbound(); b != null; b = client.readInbound()) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The socket: first in the pipeline; while stalled, it takes writes but sends nothing until told to. */
    private static final class StalledSocket extends ChannelOutboundHandlerAdapter {
        boolean stalled;
        private final List<Object> messages = new ArrayList<>();
        private final List<ChannelPromise> promises = new ArrayList<>();
        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (stalled) {
                messages.add(msg);
                promises.add(promise);
            } else {
                ctx.write(msg, promise);
            }
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (!stalled) {
                ctx.flush();
            }
        }

        long heldBytes() {
            return messages.stream().mapToLong(m -> ((ByteBuf) m).readableBytes()).sum();
        }

        /** Sends what it holds (which may bring more, held in turn). */
        void passHeld() {
            List<Object> m = new ArrayList<>(messages);
            List<ChannelPromise> p = new ArrayList<>(promises);
            messages.clear();
            promises.clear();
            for (int i = 0; i < m.size(); i++) {
                ctx.write(m.get(i), p.get(i));
            }
            ctx.flush();
        }

        /** Discards what it holds (the connection is gone). */
        void drop() {
            messages.forEach(m -> ((ByteBuf) m).release());
            messages.clear();
            promises.forEach(p -> p.tryFailure(new ClosedChannelException()));
            promises.clear();
        }
    }
}
