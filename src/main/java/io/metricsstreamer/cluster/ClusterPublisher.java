package io.metricsstreamer.cluster;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.metricsstreamer.model.MetricEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's outbound side: a bounded buffer that publishers on any thread offer to without blocking, and one
 * {@code cluster-publisher} thread that drains it into {@link PublishScript} calls, each holding whole publisher calls
 * (so each call's metrics stay together, all or nothing) and at most {@link #SCRIPT_BATCH} metrics unless one call
 * alone holds more. At most {@link #MAX_IN_FLIGHT} calls are in flight on the connection, which keeps the buffer the
 * one bound on what waits: when Redis is slow or gone the buffer fills and publishers are refused. Calls go out in
 * order on one connection, so a node's metrics take seqs in the order its publishers offered them. A call has no
 * timeout: while Redis does not answer, calls wait (and Lettuce sends them again, in order, after a reconnect; the
 * script's batch key makes a second run only answer), the buffer fills, and publishers are refused.
 *
 * <p>A call that fails counts its metrics as dropped, except one the script refused because the cluster's epoch was
 * not the one it named (the Redis lost its data): nothing of it was written, so it waits, and once the node is in the
 * new epoch ({@link #adopt}) the thread lets every call in flight complete, then sends the waiting ones again in their
 * order, before any newer call: each call names the epoch the thread last swept into, so a call drained before the
 * node adopted cannot overtake them. Waiting calls stay in the backlog (the buffer's bound holds), and are dropped,
 * counted, only at the stop.
 */
final class ClusterPublisher {
    /** Most metrics in one script call (unless one publisher call holds more). */
    static final int SCRIPT_BATCH = 256;
    /** Most script calls in flight. */
    static final int MAX_IN_FLIGHT = 16;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPublisher.class);

    private final RedisAsyncCommands<String, byte[]> commands;
    private final String digest;
    /** The epoch each call names (the script refuses a call of another); replaced when the cluster's changes. */
    private volatile String epoch;
    private final String nodeId;
    private final long streamLength;
    private final int capacity;
    private final LongConsumer onDropped;
    private final MpscArrayQueue<List<MetricEnvelope>> queue;
    private final AtomicLong reserved = new AtomicLong();
    /** Offers past the stop check and not yet queued: the thread ends only once there are none. */
    private final AtomicInteger offering = new AtomicInteger();
    private final AtomicLong lastWrittenSeq = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread thread;
    /** The publisher thread's: batches written so far, naming each call (see {@link PublishScript}). */
    private long batches;
    /** The publisher thread's: the epoch every call names, until the node is in another and the thread sweeps. */
    private String sweptEpoch;
    /** Calls the script refused for their epoch, by batch: sent again once the node is in another. */
    private final ConcurrentSkipListMap<Long, Refused> waiting = new ConcurrentSkipListMap<>();
    private volatile boolean accepting = true;
    private volatile boolean parked;
    /** Whether the last call failed: a run of failures is logged once, and the recovery once. */
    private volatile boolean failing;

    ClusterPublisher(RedisAsyncCommands<String, byte[]> commands, String digest, String epoch, String nodeId,
                     long streamLength, int capacity, LongConsumer onDropped) {
        this.commands = commands;
        this.digest = digest;
        this.epoch = epoch;
        this.sweptEpoch = epoch;
        this.nodeId = nodeId;
        this.streamLength = streamLength;
        this.capacity = capacity;
        this.onDropped = onDropped;
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
        this.thread = new Thread(this::run, "cluster-publisher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Offers one publisher call's metrics (at least one). Any thread; never blocks. @return false when refused */
    boolean offer(List<MetricEnvelope> metrics) {
        int n = metrics.size();
        // Counted before the stop check: stop() writes accepting then the thread reads offering, so either this
        // offer sees the stop or the thread sees this offer and waits for it (every access is volatile or atomic).
        offering.incrementAndGet();
        try {
            if (!accepting) {
                return false;
            }
            long r = reserved.addAndGet(n);
            if (r > capacity && r != n) {
                reserved.addAndGet(-n);
                return false;
            }
            if (!queue.offer(metrics)) {
                reserved.addAndGet(-n);
                return false;
            }
        } finally {
            offering.decrementAndGet();
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /**
     * Names {@code newEpoch} in every call from now on: what the buffer holds goes to the new epoch, and so do the
     * calls the script refused for naming the old one, first (see the class comment). Any thread.
     */
    void adopt(String newEpoch) {
        epoch = newEpoch;
        lastWrittenSeq.set(0);
        LockSupport.unpark(thread);
    }

    /** A call the script refused: its metrics, and the epoch it named, which the cluster no longer had. */
    private record Refused(List<MetricEnvelope> metrics, String named) {
    }

    /** Publisher calls waiting in the buffer for the thread to take them. Any thread. */
    int queuedCalls() {
        return queue.size();
    }

    /** Metrics offered and not yet written (or failed). Any thread. */
    long backlog() {
        return Math.max(0, reserved.get());
    }

    /** The newest seq the cluster gave this node's metrics so far (0 before the first). Any thread. */
    long lastWrittenSeq() {
        return lastWrittenSeq.get();
    }

    /**
     * Refuses new metrics, writes what the buffer holds, and waits for every call to complete, at most
     * {@code timeoutNanos}. @return whether everything was written or failed in time
     */
    boolean stop(long timeoutNanos) {
        accepting = false;
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
            long left = deadline - System.nanoTime();
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, Math.max(0, left), TimeUnit.NANOSECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
                return !thread.isAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void run() {
        while (true) {
            if (sendAgainDue()) {
                sendAgain();
            }
            List<List<MetricEnvelope>> calls = new ArrayList<>();
            int n = 0;
            List<MetricEnvelope> next;
            while (n < SCRIPT_BATCH && (next = queue.peek()) != null && (n == 0 || n + next.size() <= SCRIPT_BATCH)) {
                queue.poll();
                calls.add(next);
                n += next.size();
            }
            if (n == 0) {
                // Stopping: an offer past its stop check (a few instructions) is waited for, spinning.
                if (!accepting && offering.get() == 0 && queue.isEmpty()) {
                    dropWaiting();
                    return;
                }
                // Parks until a publisher or stop() unparks it: both write to the queue or to accepting, then read
                // parked; this thread writes parked, then reads the queue and accepting, so one of the two sees
                // the other's write (every access is volatile or a CAS) and no offer is left waiting.
                parked = true;
                if (queue.isEmpty() && accepting && !sendAgainDue()) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            acquireCallSlot();
            send(++batches, calls.size() == 1 ? calls.get(0) : flatten(calls, n));
        }
    }

    /** Takes a slot for a new call; should the node have moved to another epoch meanwhile, sweeps first. */
    private void acquireCallSlot() {
        while (true) {
            inFlight.acquireUninterruptibly();
            if (!sendAgainDue()) {
                return;
            }
            inFlight.release();
            sendAgain();
        }
    }

    private static List<MetricEnvelope> flatten(List<List<MetricEnvelope>> calls, int n) {
        List<MetricEnvelope> all = new ArrayList<>(n);
        for (List<MetricEnvelope> c : calls) {
            all.addAll(c);
        }
        return all;
    }

    /** Whether the node is in another epoch than the calls name. Publisher thread. */
    private boolean sendAgainDue() {
        return !sweptEpoch.equals(epoch);
    }

    /**
     * The node is in another epoch: lets every call in flight complete (those refused for their epoch join the
     * waiting ones), then sends the waiting ones again in it, oldest first, and names it in every call from now on.
     */
    private void sendAgain() {
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
        String now = epoch;
        sweptEpoch = now;
        int again = 0;
        for (Map.Entry<Long, Refused> e : waiting.entrySet()) {
            Refused r = e.getValue();
            if (now.equals(r.named()) || !waiting.remove(e.getKey(), r)) {
                continue;
            }
            inFlight.acquireUninterruptibly();
            send(e.getKey(), r.metrics());
            again += r.metrics().size();
        }
        if (again > 0) {
            LOG.info("sent {} metrics to the cluster again in its new epoch {}: the old one refused them, unwritten",
                    again, now);
        }
    }

    /** Stopping: what still waits is dropped, and counted. */
    private void dropWaiting() {
        for (Map.Entry<Long, Refused> e = waiting.pollFirstEntry(); e != null; e = waiting.pollFirstEntry()) {
            dropped(e.getValue().metrics().size());
        }
    }

    private void dropped(int n) {
        onDropped.accept(n);
        reserved.addAndGet(-n);
    }

    /** Sends batch {@code batch} in the epoch swept into last. Publisher thread, holding a call slot. */
    private void send(long batch, List<MetricEnvelope> metrics) {
        String named = sweptEpoch;
        byte[][] args = PublishScript.arguments(named, streamLength, nodeId, System.currentTimeMillis() * 1000,
                metrics);
        String[] keys = PublishScript.keys(nodeId, batch);
        RedisFuture<Long> call = commands.evalsha(digest, ScriptOutputType.INTEGER, keys, args);
        call.whenComplete((last, error) -> {
            if (error instanceof RedisNoScriptException) {
                // Redis lost its script cache (it restarted): the script's text loads it again.
                LOG.info("the publish script was not loaded on Redis; sending it again");
                commands.<Long>eval(PublishScript.LUA, ScriptOutputType.INTEGER, keys, args)
                        .whenComplete((l, e) -> done(batch, metrics, named, l, e));
                return;
            }
            done(batch, metrics, named, last, error);
        });
    }

    private static boolean refusedForEpoch(Throwable error) {
        return error instanceof RedisCommandExecutionException && error.getMessage() != null
                && error.getMessage().startsWith(PublishScript.EPOCH_ERROR + " ");
    }

    private void done(long batch, List<MetricEnvelope> metrics, String named, Long last, Throwable error) {
        if (accepting && refusedForEpoch(error)) {
            // Kept in the backlog (reserved) until sent again, or dropped at the stop: by the thread as it ends, or
            // here when the stop came meanwhile (whichever takes it from the map counts it).
            waiting.put(batch, new Refused(metrics, named));
            if (!accepting && waiting.remove(batch) != null) {
                dropped(metrics.size());
            }
            inFlight.release();
            LockSupport.unpark(thread);
            return;
        }
        int n = metrics.size();
        try {
            if (error != null) {
                onDropped.accept(n);
                if (!failing) {
                    failing = true;
                    LOG.warn("publishing to the cluster failed; the metrics are dropped and counted until it works "
                            + "again: {}", error.toString());
                }
            } else {
                if (named.equals(epoch)) {
                    lastWrittenSeq.accumulateAndGet(last, Math::max);
                }
                if (failing) {
                    failing = false;
                    LOG.info("publishing to the cluster works again");
                }
            }
        } finally {
            reserved.addAndGet(-n);
            inFlight.release();
        }
    }
}
