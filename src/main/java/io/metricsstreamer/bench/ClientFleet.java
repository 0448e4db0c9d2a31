package io.metricsstreamer.bench;

import io.metricsstreamer.transport.connection.TlsEngine;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The bench's WebSocket clients: Netty (native epoll when available, else NIO) on a few event loops, connected with
 * a bounded number of handshakes in flight so the server's listen backlog does not overflow; its clients may offer
 * permessage-deflate as browsers do. Each client is a {@link BenchClientHandler} (behind an {@code SslHandler}
 * for {@code wss://}, {@link BenchTls}); each loop keeps its clients' counters in a {@link LoopStats}. Methods are
 * called from one thread (the run's); the clients run on the loops. Close it to disconnect every client.
 */
final class ClientFleet implements AutoCloseable {
    /** Handshakes in flight per event loop, as in the C harness. */
    static final int INFLIGHT_PER_LOOP = 256;
    /**
     * TLS handshakes in flight per event loop: each costs milliseconds of CPU on both sides (far more with the JDK's
     * engine before the JIT compiled its TLS code), so more in flight only queue up on the server until its handshake
     * deadline ({@code --handshake-timeout}) closes them, while this many keep the cores busy.
     */
    static final int TLS_INFLIGHT_PER_LOOP = 16;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    private final MultiThreadIoEventLoopGroup group;
    private final boolean epoll = Epoll.isAvailable();
    private final int loops;
    private final MeasureWindow window;
    private final boolean deflate;
    private final TlsEngine tlsEngine;
    private final Map<EventExecutor, LoopStats> stats = new ConcurrentHashMap<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedAfterReady = new AtomicInteger();

    ClientFleet(int loops, MeasureWindow window) {
        this(loops, window, false, BenchTls.resolve(TlsEngine.AUTO));
    }

    /**
     * A fleet on {@code loops} event loops whose clients offer permessage-deflate when {@code deflate}, and speak TLS
     * with {@code tlsEngine} ({@link BenchTls#resolve resolved}) to a {@code wss://} server.
     */
    ClientFleet(int loops, MeasureWindow window, boolean deflate, TlsEngine tlsEngine) {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.loops = Math.max(1, loops);
        this.group = new MultiThreadIoEventLoopGroup(this.loops, io);
        this.window = window;
        this.deflate = deflate;
        this.tlsEngine = tlsEngine;
    }

    /**
     * Opens {@code n} clients to {@code ws} and waits until each is subscribed (and filtered, when {@code filtered})
     * or failed, or until {@code timeoutNanos} passed (the rest count as failed). Returns the clients ready.
     */
    int connect(URI ws, int n, boolean filtered, long timeoutNanos) {
        return connect(List.of(ws), n, filtered, timeoutNanos);
    }

    /** As {@link #connect(URI, int, boolean, long)}, client {@code i} to {@code ws[i mod N]} (a cluster's nodes). */
    int connect(List<URI> nodes, int n, boolean filtered, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        Semaphore inflight = new Semaphore((BenchTls.isTls(nodes.get(0)) ? TLS_INFLIGHT_PER_LOOP : INFLIGHT_PER_LOOP)
                * loops);
        List<InetSocketAddress> addresses = nodes.stream().map(ws -> new InetSocketAddress(ws.getHost(),
                ws.getPort() >= 0 ? ws.getPort() : BenchTls.isTls(ws) ? 443 : 80)).toList();
        int started = 0;
        for (; started < n; started++) {
            if (!acquire(inflight, deadline)) {
                break;
            }
            URI ws = nodes.get(started % nodes.size());
            InetSocketAddress address = addresses.get(started % nodes.size());
            Attempt attempt = new Attempt(inflight);
            bootstrap(ws, filtered ? FilterMix.forClient(started) : null, attempt).connect(address)
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            attempt.failed();
                        }
                    });
        }
        failed.addAndGet(n - started);
        while (ready.get() + failed.get() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return ready.get();
    }

    private static boolean acquire(Semaphore s, long deadline) {
        try {
            return s.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Bootstrap bootstrap(URI ws, String filters, Attempt attempt) {
        return new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LoopStats s = stats.computeIfAbsent(ch.eventLoop(), l -> new LoopStats(window));
                        if (BenchTls.isTls(ws)) {
                            // Its handshake first; the upgrade request written at connect waits for it there.
                            ch.pipeline().addLast(BenchTls.handler(ch, ws, tlsEngine));
                        }
                        ch.pipeline()
                                .addLast(new BenchClientHandler(ws, s, filters, attempt, HANDSHAKE_TIMEOUT_MILLIS,
                                        deflate));
                    }
                });
    }

    /** Clients that were ready. */
    int ready() {
        return ready.get();
    }

    /** Clients that never became ready. */
    int failed() {
        return failed.get();
    }

    /** Ready clients still connected. */
    int open() {
        return ready.get() - closedAfterReady.get();
    }

    /** Metrics received so far by every client (cheap; any time). */
    long received() {
        long sum = 0;
        for (LoopStats s : stats.values()) {
            sum += s.received();
        }
        return sum;
    }

    /** Replays completed so far by every client (cheap; any time). */
    long replaysCompleted() {
        long sum = 0;
        for (LoopStats s : stats.values()) {
            sum += s.replays.completed();
        }
        return sum;
    }

    /** Whether the native epoll transport is in use. */
    boolean isEpoll() {
        return epoll;
    }

    /** Sums every loop's counters, after a task on each loop (which orders the loops' writes before the reads). */
    ClientTotals collect() {
        ClientTotals t = new ClientTotals(new Histogram(LoopStats.HIGHEST_US, 3),
                new Histogram(LoopStats.HIGHEST_US, 3));
        for (Map.Entry<EventExecutor, LoopStats> e : stats.entrySet()) {
            try {
                e.getKey().submit(() -> { }).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ex) {
                // the loop is stuck or gone: read what is visible
            }
            t.add(e.getValue());
        }
        return t;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        stats.values().forEach(LoopStats::close);
    }

    /** One client's way to readiness: ready or failed, once; then possibly closed. Thread-safe. */
    final class Attempt {
        private final Semaphore inflight;
        private final AtomicInteger state = new AtomicInteger();
        private final long startedNanos = System.nanoTime();

        Attempt(Semaphore inflight) {
            this.inflight = inflight;
        }

        /** When the client began to connect ({@link System#nanoTime()}). */
        long startedNanos() {
            return startedNanos;
        }

        void ready() {
            if (state.compareAndSet(0, 1)) {
                ready.incrementAndGet();
                inflight.release();
            }
        }

        void failed() {
            if (state.compareAndSet(0, 2)) {
                failed.incrementAndGet();
                inflight.release();
            }
        }

        void closed() {
            failed();
            if (state.compareAndSet(1, 3)) {
                closedAfterReady.incrementAndGet();
            }
        }
    }
}
