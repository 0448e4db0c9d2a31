package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.Timestamps;
import io.metricsstreamer.stats.ServerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out hub: a bounded lock-free ingress queue (publishers on any thread), one dispatcher thread that
 * assigns {@code seq} and encodes each metric once, and one {@link LoopShard} per event loop. See the package
 * documentation for the threading rules.
 */
public final class Hub {
    /** Most metrics the dispatcher takes from the queue for one task per loop. */
    static final int DISPATCH_BATCH = 256;
    /**
     * Most metrics a loop may have queued for delivery: past it the dispatcher waits for the loop, the ingress queue
     * fills, and publishers are refused (counted; HTTP 503) instead of queues growing. Together with the ingress
     * capacity this bounds how stale a delivery can get under overload (seconds, not minutes): real-time data that
     * cannot be delivered soon is refused where the publisher can see it, rather than delivered late.
     */
    static final int MAX_METRICS_IN_FLIGHT = 4096;
    private static final long BACKPRESSURE_PARK_NANOS = 50_000;
    private static final int SPINS_BEFORE_PARK = 64;
    private static final long STOP_GRACE_NANOS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final int capacity;
    private final MpscArrayQueue<MetricEnvelope> queue;
    private final AtomicLong reserved = new AtomicLong();
    private final Sequencer sequencer;
    private final ServerStats stats;
    private final ClientRegistry registry;
    private final ConcurrentHashMap<Executor, LoopShard> shardsByLoop = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<LoopShard> shards = new CopyOnWriteArrayList<>();
    private final Thread dispatcher;
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile boolean dispatcherParked;
    private volatile long stoppedAtNanos;

    /** A hub whose ingress queue holds at most {@code capacity} metrics. */
    public Hub(int capacity, Sequencer sequencer, ServerStats stats, ClientRegistry registry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ingress capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.queue = new MpscArrayQueue<>(capacity);
        this.sequencer = sequencer;
        this.stats = stats;
        this.registry = registry;
        this.dispatcher = new Thread(this::dispatchLoop, "metrics-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    /** Starts the dispatcher thread and accepts metrics. */
    public void start() {
        running = true;
        accepting = true;
        dispatcher.start();
    }

    /** Offers one metric. Any thread; never blocks. @return false when refused (queue full or stopped), counted */
    public boolean publish(MetricEnvelope metric) {
        return publishAll(List.of(metric));
    }

    /**
     * Offers metrics all or nothing, in order. Any thread; never blocks.
     *
     * @return false when none were taken because the queue lacked room for all of them (counted) or the hub stopped
     */
    public boolean publishAll(List<MetricEnvelope> metrics) {
        int n = metrics.size();
        if (n == 0) {
            return accepting;
        }
        if (!accepting) {
            stats.onIngressDropped(n);
            return false;
        }
        if (reserved.addAndGet(n) > capacity) {
            reserved.addAndGet(-n);
            stats.onIngressDropped(n);
            return false;
        }
        for (MetricEnvelope m : metrics) {
            queue.offer(m);
        }
        stats.onMetricsPublished(n);
        if (dispatcherParked) {
            LockSupport.unpark(dispatcher);
        }
        return true;
    }

    /** Metrics waiting in the ingress queue. Any thread. */
    public long queueSize() {
        return Math.max(0, reserved.get());
    }

    /** Whether metrics are accepted. */
    public boolean isAccepting() {
        return accepting;
    }

    /** The client registry. */
    public ClientRegistry registry() {
        return registry;
    }

    /** Registers a session; call on {@code loop}, the session's event loop. */
    public void register(ClientSession session, Executor loop) {
        LoopShard shard = shardsByLoop.computeIfAbsent(loop, l -> {
            LoopShard s = new LoopShard(l);
            shards.add(s);
            return s;
        });
        shard.add(session);
        registry.add(session);
        stats.onClientConnected();
    }

    /** Removes a session at once; call on its event loop. Idempotent. */
    public void unregister(ClientSession session, Executor loop) {
        session.onClosed();
        LoopShard shard = shardsByLoop.get(loop);
        if (shard != null) {
            shard.remove(session);
        }
        registry.remove(session);
    }

    /**
     * Stops accepting metrics, lets the dispatcher deliver what was queued, then flushes every session's pending
     * metrics on its loop. The future completes when every loop has flushed.
     */
    public CompletableFuture<Void> drainAndStop() {
        accepting = false;
        stoppedAtNanos = System.nanoTime();
        running = false;
        LockSupport.unpark(dispatcher);
        try {
            dispatcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CompletableFuture<Void>> flushed = new ArrayList<>();
        for (LoopShard shard : shards) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                shard.loop().execute(() -> {
                    shard.flushAll();
                    done.complete(null);
                });
            } catch (RejectedExecutionException e) {
                done.complete(null);
            }
            flushed.add(done);
        }
        return CompletableFuture.allOf(flushed.toArray(new CompletableFuture<?>[0]));
    }

    private void dispatchLoop() {
        List<MetricEnvelope> batch = new ArrayList<>(DISPATCH_BATCH);
        int idle = 0;
        while (true) {
            queue.drain(batch::add, DISPATCH_BATCH);
            if (batch.isEmpty()) {
                // Stopped: leave once nothing is reserved either, so a publisher that passed the accepting check
                // just before the stop still has its metrics delivered (bounded, in case a reservation leaks).
                if (!running && (reserved.get() <= 0 || System.nanoTime() - stoppedAtNanos > STOP_GRACE_NANOS)) {
                    return;
                }
                idle = idle(idle);
                continue;
            }
            idle = 0;
            reserved.addAndGet(-batch.size());
            dispatch(batch);
            batch.clear();
        }
    }

    private int idle(int idle) {
        if (idle < SPINS_BEFORE_PARK) {
            Thread.onSpinWait();
            return idle + 1;
        }
        dispatcherParked = true;
        if (queue.isEmpty() && running) {
            LockSupport.park(this);
        }
        dispatcherParked = false;
        return idle;
    }

    private void dispatch(List<MetricEnvelope> batch) {
        List<PublishedMetric> published = new ArrayList<>(batch.size());
        for (MetricEnvelope m : batch) {
            try {
                published.add(PublishedMetric.encode(sequencer.next(), m.type(),
                        Timestamps.format(m.timestamp()), m.dataJson()));
            } catch (RuntimeException e) {
                LOG.error("could not encode a {} metric; it is dropped", m.type(), e);
                stats.onIngressDropped(1);
            }
        }
        List<PublishedMetric> shared = List.copyOf(published);
        for (LoopShard shard : shards) {
            while (shard.metricsInFlight() >= MAX_METRICS_IN_FLIGHT && running) {
                LockSupport.parkNanos(this, BACKPRESSURE_PARK_NANOS);
            }
            if (!shard.post(shared)) {
                LOG.debug("loop {} is shutting down; skipped a delivery", shard.loop());
            }
        }
    }
}
