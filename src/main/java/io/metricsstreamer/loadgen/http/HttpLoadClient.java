package io.metricsstreamer.loadgen.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Fires requests of one {@link RequestTemplate} on one event loop, over pooled keep-alive connections. A request
 * that is due takes an idle connection or opens one; when {@code maxInFlight} requests are already in flight it is
 * failed at once ({@link FailureKind#OVER_LIMIT}), never queued, so the schedule is never bent by the target's
 * slowness. Connections never outnumber the requests in flight plus the idle ones, so at most {@code maxInFlight}
 * are open. Thread-safe: {@link #fire} may be called from any thread; everything else runs on the loop.
 */
public final class HttpLoadClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ByteBuf request;
    private final Outcomes outcomes;
    private final int maxInFlight;
    private final long timeoutNanos;
    private final ArrayDeque<Exchange> idle = new ArrayDeque<>();
    private final boolean head;
    private int inFlight;
    private int open;

    /**
     * A client for {@code template}; connections are opened when requests need them.
     *
     * @throws IllegalArgumentException when the target's host does not resolve, or TLS is needed and the JDK's
     *                                  default trust cannot be set up
     */
    public HttpLoadClient(RequestTemplate template, int maxInFlight, long timeoutNanos, Outcomes outcomes) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, not " + maxInFlight);
        }
        this.outcomes = outcomes;
        this.maxInFlight = maxInFlight;
        this.timeoutNanos = timeoutNanos;
        this.head = template.method().equals("HEAD");
        this.request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(template.encode().length)
                .writeBytes(template.encode()).asReadOnly());
        SslContext tls = template.tls() ? clientTls() : null;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, io);
        loop = group.next();
        bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos))))
                .remoteAddress(resolve(template))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), template.uri().getHost(),
                                    template.port()));
                        }
                        ch.pipeline().addLast(new Exchange.ByteCounter(), new Exchange.Decoder(head),
                                new Exchange(HttpLoadClient.this));
                    }
                });
    }

    /** The target's address, resolved once here rather than on the loop at every connection. */
    private static InetSocketAddress resolve(RequestTemplate template) {
        InetSocketAddress address = new InetSocketAddress(template.uri().getHost(), template.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("target host " + template.uri().getHost() + " does not resolve");
        }
        return address;
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS for the target cannot be set up: " + e.getMessage(), e);
        }
    }

    /** Hands the requests due at {@code intended[0..count)} to the loop, which starts them in that order. */
    public void fire(long[] intended, int count) {
        loop.execute(() -> {
            for (int i = 0; i < count; i++) {
                start(intended[i]);
            }
        });
    }

    /** Runs {@code task} on the loop every {@code periodNanos}, first at {@code firstNanos} (nanoTime). */
    public ScheduledFuture<?> every(long firstNanos, long periodNanos, Runnable task) {
        return loop.scheduleAtFixedRate(task, Math.max(0, firstNanos - System.nanoTime()), periodNanos,
                TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on the loop, after everything handed to it before. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Requests in flight now (read it on the loop, e.g. from a task of {@link #every}). */
    public int inFlight() {
        return inFlight;
    }

    /** The most requests in flight at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Connections open now (on the loop). */
    public int openConnections() {
        return open;
    }

    private void start(long intended) {
        long now = System.nanoTime();
        outcomes.started(intended, now);
        if (inFlight >= maxInFlight) {
            outcomes.failed(FailureKind.OVER_LIMIT, intended, now);
            return;
        }
        inFlight++;
        Exchange connection = idle.pollLast();
        if (connection != null) {
            connection.send(intended);
            return;
        }
        open++;
        ChannelFuture connecting = bootstrap.connect();
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                connecting.channel().pipeline().get(Exchange.class).send(intended);
            } else {
                open--;
                inFlight--;
                outcomes.failed(FailureKind.CONNECT, intended, System.nanoTime());
            }
        });
    }

    ByteBuf request() {
        return request;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    Outcomes outcomes() {
        return outcomes;
    }

    /** An exchange is over and its connection may serve the next request. */
    void reusable(Exchange connection) {
        inFlight--;
        idle.addLast(connection);
    }

    /** An exchange is over and its connection is closed or closing. */
    void finished(Exchange connection) {
        inFlight--;
    }

    /** A connection closed; if it was idle it leaves the pool. */
    void closed(Exchange connection) {
        open--;
        idle.remove(connection);
    }

    /** Closes every connection and stops the loop; requests still in flight get no outcome. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
