package io.metricsstreamer.transport;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.limits.ConnectionsPerAddress;
import io.metricsstreamer.transport.connection.ServerContext;
import io.metricsstreamer.transport.connection.TransportPorts;
import io.metricsstreamer.transport.http.HttpRouter;
import io.metricsstreamer.transport.http.StaticResources;
import io.metricsstreamer.transport.connection.TlsEngine;
import io.metricsstreamer.transport.tls.ServerTls;
import io.metricsstreamer.transport.tls.TlsSetupException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both listeners of the server: the WebSocket port (endpoint {@code /}, one loop per core) and the HTTP port
 * (API, pages and the same endpoint at {@code /ws}, on a loop of its own). Uses native epoll when available, NIO
 * otherwise. Each child channel's write-buffer high mark is {@code --slow-client-bytes}: over it the channel turns
 * unwritable and the client's session holds deliveries back. With TLS on, both listeners serve it ({@link ServerTls}).
 * Not thread-safe: start and stop from one thread.
 */
public final class NettyServer {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /**
     * WebSocket loops: one per core. More loops than cores only adds context switches to a fan-out that keeps
     * every loop busy; the HTTP port has a loop of its own, so ingest answers promptly while fan-out is saturated.
     */
    static final int WORKER_LOOPS = Runtime.getRuntime().availableProcessors();
    /** The kernel's unsent bytes per connection are bounded to this share of the slow-client mark (epoll only). */
    static final int NOTSENT_SHARE = 4;

    private final ServerContext server;
    private final ChannelGroup clients = new DefaultChannelGroup("websocket-clients", GlobalEventExecutor.INSTANCE);
    private final boolean epoll = Epoll.isAvailable();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private EventLoopGroup httpGroup;
    private Channel wsChannel;
    private Channel httpChannel;
    private ServerTls tls;

    /** A server for {@code server}; nothing is bound until {@link #start()}. */
    public NettyServer(ServerContext server) {
        this.server = server;
    }

    /**
     * Sets TLS up when it is on, then binds both listeners, the WebSocket port first.
     *
     * @throws TlsSetupException     when TLS is on and its certificate or key cannot be used (nothing was started)
     * @throws UnknownHostException  when the configured host resolves to no address (nothing was started)
     * @throws ListenerBindException when a listener cannot be bound, naming which (nothing is left running)
     */
    public void start() throws InterruptedException, UnknownHostException, ListenerBindException, TlsSetupException {
        if (server.config().tls().enabled()) {
            tls = ServerTls.create(server.config().tls(), server.config().host(),
                    server.config().requestDeadlineNanos(), server.stats());
        }
        // Resolved once, here, so that a name that does not resolve is reported as such: binding an unresolved
        // address fails with an exception that has no message.
        InetAddress address = InetAddress.getByName(server.config().host());
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(WORKER_LOOPS, io);
        httpGroup = new MultiThreadIoEventLoopGroup(1, io);
        HttpRouter router = new HttpRouter(server, new StaticResources());
        ConnectionsPerAddress perAddress = new ConnectionsPerAddress(server.config().maxConnectionsPerAddress());
        try {
            wsChannel = bind(workerGroup, address, server.config().wsPort(), true,
                    new ServerInitializer(server, clients, perAddress, "/", null, tls));
            httpChannel = bind(httpGroup, address, server.config().httpPort(), false,
                    new ServerInitializer(server, clients, perAddress, "/ws", router, tls));
        } catch (Exception e) {
            stopLoops();
            throw e;
        }
        LOG.info("transport: {}, {} websocket loops, 1 http loop{}", epoll ? "native epoll" : "NIO", WORKER_LOOPS,
                tls != null ? ", TLS (" + tls.engine().optionValue() + ")" : "");
    }

    /** A listener that could not be bound: which one, on which port; the cause says why. */
    public static final class ListenerBindException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean websocket;
        private final int port;

        ListenerBindException(boolean websocket, int port, Throwable cause) {
            super((websocket ? "websocket" : "http") + " port " + port + ": " + cause, cause);
            this.websocket = websocket;
            this.port = port;
        }

        /** Whether it is the WebSocket listener (else the HTTP one). */
        public boolean websocket() {
            return websocket;
        }

        /** The port it was to bind, as configured. */
        public int port() {
            return port;
        }
    }

    private Channel bind(EventLoopGroup children, InetAddress address, int port, boolean websocket,
            ServerInitializer initializer) throws InterruptedException, ListenerBindException {
        long high = server.config().delivery().slowClientBytes();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap();
        if (epoll) {
            // The kernel keeps at most a quarter of the mark unsent: the mark then counts nearly every unsent byte
            // (docs/PROTOCOL.md, section 9.4), where the kernel's own send buffer would otherwise hold megabytes more
            // for a client that fell behind (measured: docs/benchmarks/LOG.md, item 25).
            b.childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, Math.max(16 * 1024, high / NOTSENT_SHARE));
        }
        b.group(bossGroup, children)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, high / 2),
                                (int) Math.min(Integer.MAX_VALUE, high)))
                .childHandler(initializer);
        try {
            return b.bind(new InetSocketAddress(address, port)).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // sync() rethrows the bind's checked errors (BindException, NativeIoException) undeclared.
            throw new ListenerBindException(websocket, port, e);
        }
    }

    /** The open WebSocket connections (for tests of socket settings). */
    ChannelGroup clientChannels() {
        return clients;
    }

    /** The bound WebSocket port. */
    public int wsPort() {
        return ((InetSocketAddress) wsChannel.localAddress()).getPort();
    }

    /** The certificate both listeners serve, or null without TLS. Only after {@link #start()}. */
    public X509Certificate tlsCertificate() {
        return tls == null ? null : tls.certificate();
    }

    /** The engine that encrypts TLS (OpenSSL or the JDK), or null without TLS. Only after {@link #start()}. */
    public TlsEngine tlsEngine() {
        return tls == null ? null : tls.engine();
    }

    /** The SHA-256 fingerprint of that certificate ({@code AB:CD:...}), or null without TLS. */
    public String tlsFingerprint() {
        return tls == null ? null : tls.fingerprint();
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return ((InetSocketAddress) httpChannel.localAddress()).getPort();
    }

    /** Stops accepting connections (both listeners). */
    public void stopAccepting() {
        if (wsChannel != null) {
            wsChannel.close().syncUninterruptibly();
        }
        if (httpChannel != null) {
            httpChannel.close().syncUninterruptibly();
        }
    }

    /** Sends every WebSocket client a close frame with {@code reason} and waits (bounded) for them to close. */
    public void closeClients(CloseReason reason) {
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> TransportPorts.close(ch, reason));
        }
        clients.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Shuts the event loops down. */
    public void stopLoops() {
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (httpGroup != null) {
            httpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
