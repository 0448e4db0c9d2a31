package io.metricsstreamer.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.metricsstreamer.stats.ClientError;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.LogCapture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ConnectionErrorsTest {
    private static final Logger LOG = LoggerFactory.getLogger("io.metricsstreamer.test.ConnectionErrors");
    private final ServerStats stats = new ServerStats();
    private final LogCapture log = LogCapture.start();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ConnectionErrors.close(LOG, ctx, cause, stats);
        }
    });

    @AfterEach
    void stop() {
        log.close();
        channel.finishAndReleaseAll();
    }

    @Test
    void tellsTheClientsDoingFromTheServers() {
        assertThat(ConnectionErrors.kindOf(new IOException("Connection reset by peer")))
                .isEqualTo(ClientError.CONNECTION_RESET);
        assertThat(ConnectionErrors.kindOf(new PrematureChannelClosureException("mid-body")))
                .isEqualTo(ClientError.INCOMPLETE_MESSAGE);
        assertThat(ConnectionErrors.kindOf(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                "unmasked"))).isEqualTo(ClientError.WEBSOCKET_PROTOCOL);
        assertThat(ConnectionErrors.kindOf(new IllegalStateException("a bug"))).isNull();
        assertThat(ConnectionErrors.kindOf(new NullPointerException())).isNull();
    }

    @Test
    void aClientErrorIsCountedAndLoggedInOneLineWithoutAStackTrace() {
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.totalClientErrors(ClientError.CONNECTION_RESET)).isEqualTo(1);
        List<ILoggingEvent> events = log.events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(events.get(0).getThrowableProxy()).isNull();
        assertThat(events.get(0).getFormattedMessage()).contains("Connection reset by peer")
                .contains("connection_reset").doesNotContain("\n");
    }

    @Test
    void aProtocolViolationIsLoggedAtInfo() {
        channel.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(
                WebSocketCloseStatus.PROTOCOL_ERROR, "received a frame that is not masked as expected"));

        assertThat(stats.totalClientErrors(ClientError.WEBSOCKET_PROTOCOL)).isEqualTo(1);
        assertThat(log.atLeast(Level.INFO)).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getThrowableProxy()).isNull();
        });
    }

    @Test
    void aConnectionReportsOneClientErrorOnly() {
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        // What the aggregator reports when the reset channel then goes inactive mid-body:
        ConnectionErrors.report(LOG, channel, channel, ClientError.INCOMPLETE_MESSAGE, "mid-body", stats);

        assertThat(stats.clientErrors()).containsEntry("connection_reset", 1L).containsEntry("incomplete_message", 0L);
        assertThat(log.events()).hasSize(1);
    }

    @Test
    void anExceptionOfTheServersOwnKeepsItsWarningAndStackTrace() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.clientErrors().values()).containsOnly(0L);
        assertThat(log.atLeast(Level.WARN)).singleElement().satisfies(e ->
                assertThat(e.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName()));
    }
}
