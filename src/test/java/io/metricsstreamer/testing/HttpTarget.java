package io.metricsstreamer.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 service to load-test, on 127.0.0.1 with an ephemeral port: answers {@code 200 ok} (keep-alive) after
 * an injected latency, {@code 500} to every {@code errorEvery}-th request (counted exactly), and holds every request
 * arriving in a stall window until the window ends. Latency is injected without blocking (the answer is scheduled),
 * so any number of requests can wait at once. Close it.
 */
public final class HttpTarget implements AutoCloseable {
    private static final byte[] OK = "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final Channel server;
    private final long latencyNanos;
    private final long errorEvery;
    private final long stallAfterNanos;
    private final long stallNanos;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong maxOpen = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile long firstNanos;
    private volatile String lastRequest = "";

    private HttpTarget(int threads, Duration latency, long errorEvery, Duration stallAfter, Duration stall) {
        this(0, threads, latency, errorEvery, stallAfter, stall);
    }

    private HttpTarget(int port, int threads, Duration latency, long errorEvery, Duration stallAfter,
            Duration stall) {
        this.latencyNanos = latency.toNanos();
        this.errorEvery = errorEvery;
        this.stallAfterNanos = stallAfter.toNanos();
        this.stallNanos = stall.toNanos();
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.incrementAndGet();
                        long now = open.incrementAndGet();
                        maxOpen.accumulateAndGet(now, Math::max);
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    /** A service answering after {@code latency}, with no errors and no stall. */
    public static HttpTarget start(Duration latency) {
        return new HttpTarget(1, latency, 0, Duration.ZERO, Duration.ZERO);
    }

    /** A service answering after {@code latency}, 500 to every {@code errorEvery}-th request (0: never). */
    public static HttpTarget withErrors(Duration latency, long errorEvery) {
        return new HttpTarget(1, latency, errorEvery, Duration.ZERO, Duration.ZERO);
    }

    /**
     * A service answering after {@code latency}, and holding every request that arrives from {@code after} to
     * {@code after + stall} after its first request until the stall ends.
     */
    public static HttpTarget withStall(Duration latency, Duration after, Duration stall) {
        return new HttpTarget(1, latency, 0, after, stall);
    }

    /** A service answering at once on {@code threads} loops (for benchmarks). */
    public static HttpTarget trivial(int threads) {
        return new HttpTarget(threads, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO);
    }

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path);
    }

    /** Requests received. */
    public long requests() {
        return requests.get();
    }

    /** The last request: {@code METHOD URI x-test=VALUE body=TEXT}. */
    public String lastRequest() {
        return lastRequest;
    }

    /** 500s sent. */
    public long errors() {
        return errors.get();
    }

    /** Connections accepted so far. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** The most connections open at once. */
    public long maxOpenConnections() {
        return maxOpen.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Runs a trivial target until killed, for benchmarks: {@code HttpTarget PORT THREADS}. */
    public static void main(String[] args) throws InterruptedException {
        HttpTarget target = new HttpTarget(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Duration.ZERO, 0,
                Duration.ZERO, Duration.ZERO);
        target.server.closeFuture().sync();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            long now = System.nanoTime();
            long n = requests.incrementAndGet();
            lastRequest = request.method() + " " + request.uri() + " x-test=" + request.headers().get("X-Test")
                    + " body=" + request.content().toString(java.nio.charset.StandardCharsets.UTF_8);
            if (n == 1) {
                firstNanos = now;
            }
            boolean error = errorEvery > 0 && n % errorEvery == 0;
            if (error) {
                errors.incrementAndGet();
            }
            long delay = latencyNanos;
            if (stallNanos > 0 && n > 1) {
                long since = now - firstNanos;
                if (since >= stallAfterNanos && since < stallAfterNanos + stallNanos) {
                    delay = Math.max(delay, stallAfterNanos + stallNanos - since);
                }
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            ByteBuf body = Unpooled.wrappedBuffer(OK);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    error ? HttpResponseStatus.INTERNAL_SERVER_ERROR : HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, OK.length);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (delay <= 0) {
                ctx.writeAndFlush(response);
            } else {
                ctx.executor().schedule(() -> ctx.writeAndFlush(response), delay, TimeUnit.NANOSECONDS);
            }
        }
    }
}
