package io.metricsstreamer.testing;

import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client on Netty's client codec, plain or offering permessage-deflate through Netty's own
 * {@code WebSocketClientCompressionHandler} (a client library's negotiation and inflation, independent of the
 * server's), keeping every text message it receives as text. Many of them share one small event loop group, so a
 * test can open a hundred. Reads of what it received are thread-safe.
 */
public final class NettyWsClient implements AutoCloseable {
    /** Largest message the client accepts (the server batches up to a pending list). */
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2,
            new DefaultThreadFactory("netty-ws-test-client", true), NioIoHandler.newFactory());

    private final Channel channel;
    private final List<String> messages = new ArrayList<>();
    private volatile String extensions;

    private NettyWsClient(URI uri, boolean deflate) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .version(WebSocketVersion.V13).maxFramePayloadLength(MAX_MESSAGE).allowExtensions(deflate).build();
        Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), new AnswerHeaders());
                        if (deflate) {
                            p.addLast(new WebSocketClientCompressionHandler(MAX_MESSAGE));
                        }
                        p.addLast(new WebSocketClientProtocolHandler(config), new Collector());
                    }
                });
        channel = b.connect(uri.getHost(), uri.getPort()).syncUninterruptibly().channel();
    }

    /** Connects to {@code uri}, offering permessage-deflate when {@code deflate}, and waits for the welcome. */
    public static NettyWsClient connect(URI uri, boolean deflate) {
        NettyWsClient c = new NettyWsClient(uri, deflate);
        await().atMost(Duration.ofSeconds(20)).until(() -> !c.messages().isEmpty());
        return c;
    }

    /** The {@code Sec-WebSocket-Extensions} of the server's answer, or null when it had none. */
    public String extensions() {
        return extensions;
    }

    /** Every text message received so far, in order, the welcome first. */
    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The messages received so far that deliver metrics ({@code metric_update}, {@code metric_batch}). */
    public List<String> deliveries() {
        return messages().stream().filter(m -> m.startsWith("{\"type\":\"metric_")).toList();
    }

    /** Sends a text message (compressed by the client's library when it negotiated compression). */
    public void send(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** Keeps the handshake answer's extensions header; passes the answer on. */
    private final class AnswerHeaders extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof FullHttpResponse r) {
                extensions = r.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
                ctx.pipeline().remove(this);
            }
            super.channelRead(ctx, msg);
        }
    }

    /** Keeps every text message. */
    private final class Collector extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof TextWebSocketFrame text) {
                synchronized (messages) {
                    messages.add(text.text());
                }
                text.release();
                return;
            }
            super.channelRead(ctx, msg);
        }
    }
}
