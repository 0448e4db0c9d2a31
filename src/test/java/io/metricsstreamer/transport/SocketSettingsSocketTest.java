package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import java.lang.reflect.Field;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The socket settings of accepted WebSocket connections, read back from the kernel. */
@Timeout(60)
class SocketSettingsSocketTest {

    private static NettyServer transportOf(RealTimeMetricsStreamer streamer) throws ReflectiveOperationException {
        Field f = RealTimeMetricsStreamer.class.getDeclaredField("server");
        f.setAccessible(true);
        return (NettyServer) f.get(streamer);
    }

    @Test
    void theKernelKeepsAtMostAQuarterOfTheSlowClientMarkUnsent() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "TCP_NOTSENT_LOWAT is set on the native epoll transport");
        try (TestServer server = TestServer.start(b -> b.slowClientBytes(512 * 1024));
             WsTestClient client = server.connect()) {
            assertThat(client.clientId()).isNotBlank();
            NettyServer transport = transportOf(server.streamer());
            await().atMost(Duration.ofSeconds(10)).until(() -> !transport.clientChannels().isEmpty());
            Channel ch = transport.clientChannels().iterator().next();

            // getsockopt on the accepted socket: what the kernel applies, not what was asked.
            assertThat(ch.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT)).isEqualTo(128L * 1024);
            assertThat(ch.isWritable()).isTrue();
        }
    }
}
