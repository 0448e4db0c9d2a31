package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.hub.ClientRegistry;
import io.metricsstreamer.hub.ConnectionSlot;
import io.metricsstreamer.hub.Hub;
import io.metricsstreamer.hub.LocalSequencer;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.limits.ConnectionsPerAddress;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.transport.connection.ServerContext;
import io.metricsstreamer.transport.connection.TlsSettings;
import io.metricsstreamer.transport.connection.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a WebSocket connection keeps once upgraded: with 10,000 idle clients every handler context and handler left
 * in a pipeline costs tens of bytes per connection, so the pipeline must hold only what serves the WebSocket.
 */
class UpgradedPipelineTest {
    private static final String UPGRADE = "GET %s HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private final StreamerConfig config = StreamerConfig.builder().build();
    private final ServerStats stats = new ServerStats();
    private final ClientRegistry registry = new ClientRegistry(1);
    private final Hub hub = new Hub(config.ingressCapacity(), StreamerConfig.secondsToNanos(config.maxLagSeconds()),
            System::nanoTime, new LocalSequencer(), stats, registry);
    private final TransportConfig transport = new TransportConfig(config.host(), config.port(), config.httpPort(),
            StreamerConfig.secondsToNanos(config.heartbeatSeconds()),
            StreamerConfig.secondsToNanos(config.handshakeTimeoutSeconds()), config.maxFrameBytes(),
            config.deliveryConfig(), config.maxClientMessagesPerSecond(), config.maxConnectionsPerAddress(),
            TlsSettings.OFF, config.compression(), config.compressionMinBytes());
    private final ServerContext server = new ServerContext(transport, config.metricTypes(), hub, stats,
            new ClientMessageParser(config.metricTypes()), new IngestParser(config.metricTypes()), page -> null,
            () -> "", () -> true);

    private final ConnectionsPerAddress perAddress = new ConnectionsPerAddress(1);

    private EmbeddedChannel upgraded(String path) {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), perAddress, path, null));
        ch.writeInbound(Unpooled.copiedBuffer(String.format(UPGRADE, path), StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        ByteBuf answer = ch.readOutbound();
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        answer.release();
        return ch;
    }

    @Test
    void anUpgradedConnectionKeepsOnlyTheFrameCodecAndItsSession() {
        for (String path : new String[] {"/", "/ws"}) {
            EmbeddedChannel ch = upgraded(path);
            assertThat(new ArrayList<>(ch.pipeline().toMap().keySet()))
                    .containsExactlyInAnyOrder("frames-out", "wsdecoder", "wsencoder", "session");
            assertThat(registry.count()).isEqualTo(1);
            assertThat(registry.tryReserve()).as("the one client slot is taken").isNull();
            ch.finishAndReleaseAll();
            assertThat(registry.count()).isZero();
            assertSlotFree();
        }
    }

    @Test
    void aConnectionThatAgreedToCompressionKeepsNoHandlerOfItsOwn() {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), perAddress, "/", null));
        String request = String.format(UPGRADE, "/");
        ch.writeInbound(Unpooled.copiedBuffer(request.substring(0, request.length() - 2)
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n", StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        ByteBuf answer = ch.readOutbound();
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101")
                .contains("sec-websocket-extensions: permessage-deflate; server_no_context_takeover\r\n");
        answer.release();
        assertThat(new ArrayList<>(ch.pipeline().toMap().keySet()))
                .containsExactlyInAnyOrder("frames-out", "wsdecoder", "wsencoder", "session");
        ch.finishAndReleaseAll();
        assertSlotFree();
    }

    private void assertSlotFree() {
        ConnectionSlot slot = registry.tryReserve();
        assertThat(slot).as("the client slot is free again").isNotNull();
        slot.release();
    }

    @Test
    void aHandshakeWhoseAnswerIsNeverWrittenIsClosedAndFreesItsSlot() {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), perAddress, "/", null));
        ch.freezeTime();
        ch.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg); // a client that reads nothing: the write never completes
            }
        });
        ch.writeInbound(Unpooled.copiedBuffer(String.format(UPGRADE, "/"), StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        assertThat(registry.tryReserve()).isNull();

        ch.advanceTimeBy(transport.requestDeadlineNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.totalHandshakeTimeouts()).isEqualTo(1);
        assertSlotFree();
    }

    @Test
    void aHandshakeRefusedAfterItsSessionHandlerWasAddedIsA400AndFreesItsSlot() {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), perAddress, "/", null));
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        ByteBuf answer = ch.readOutbound();
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
        answer.release();
        assertThat(ch.isOpen()).isFalse();
        assertSlotFree();
    }

    @Test
    void anIdleHttpConnectionIsClosedOnEitherPort() {
        for (String path : new String[] {"/", "/ws"}) {
            EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(server,
                    new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), perAddress, path, null));
            ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
            ch.runPendingTasks();
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void aPlainHttpRequestLeavesTheHttpPipelineAsItWas() {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), perAddress, "/", null));
        List<String> before = new ArrayList<>(ch.pipeline().toMap().keySet());
        ch.writeInbound(Unpooled.copiedBuffer("GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n",
                StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        ByteBuf answer = ch.readOutbound();
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 404");
        answer.release();
        assertThat(new ArrayList<>(ch.pipeline().toMap().keySet())).isEqualTo(before);
        assertThat(registry.count()).isZero();
        ch.finishAndReleaseAll();
    }
}
