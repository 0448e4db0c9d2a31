package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.FilteredViews;
import io.metricsstreamer.delivery.PublishedMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions pinned to one event loop. Every method runs on that loop (the {@link Executor} it was made with),
 * so the session array needs no lock; it is copied on add and remove, so a session closed during a delivery
 * pass cannot disturb the iteration.
 */
final class LoopShard {
    private static final Logger LOG = LoggerFactory.getLogger(LoopShard.class);
    private static final ClientSession[] EMPTY = new ClientSession[0];

    private final Executor loop;
    private final FilteredViews views = new FilteredViews();
    private final AtomicInteger metricsInFlight = new AtomicInteger();
    private final Queue<List<PublishedMetric>> posted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private ClientSession[] sessions = EMPTY;

    LoopShard(Executor loop) {
        this.loop = loop;
    }

    Executor loop() {
        return loop;
    }

    void add(ClientSession session) {
        ClientSession[] next = Arrays.copyOf(sessions, sessions.length + 1);
        next[sessions.length] = session;
        sessions = next;
    }

    boolean remove(ClientSession session) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] == session) {
                ClientSession[] next = new ClientSession[sessions.length - 1];
                System.arraycopy(sessions, 0, next, 0, i);
                System.arraycopy(sessions, i + 1, next, i, sessions.length - i - 1);
                sessions = next;
                return true;
            }
        }
        return false;
    }

    /** Metrics posted to this loop and not yet delivered. Any thread. */
    int metricsInFlight() {
        return metricsInFlight.get();
    }

    /**
     * Posts a delivery chunk to the loop; false when the loop no longer runs tasks. Chunks posted while the loop is
     * busy are delivered together by one task: under load each client gets one write for all of them, not one per
     * chunk. Dispatcher thread.
     */
    boolean post(List<PublishedMetric> metrics) {
        metricsInFlight.addAndGet(metrics.size());
        posted.offer(metrics);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::deliverPosted);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                for (List<PublishedMetric> dropped; (dropped = posted.poll()) != null; ) {
                    metricsInFlight.addAndGet(-dropped.size());
                }
                return false;
            }
        }
        return true;
    }

    private void deliverPosted() {
        scheduled.set(false);
        List<PublishedMetric> first = posted.poll();
        if (first == null) {
            return;
        }
        List<PublishedMetric> all = first;
        List<PublishedMetric> next = posted.poll();
        if (next != null) {
            all = new ArrayList<>(first);
            do {
                all.addAll(next);
            } while ((next = posted.poll()) != null);
        }
        try {
            deliver(all);
        } finally {
            metricsInFlight.addAndGet(-all.size());
        }
    }

    /**
     * Offers the metrics, in order, to one session after the other, flushing each session's writes once. Session by
     * session rather than metric by metric: a session's state (and its socket's) is loaded once per chunk, not once
     * per metric. Filtered views and framed bytes are kept for the whole chunk, so they are still encoded once per
     * loop; batch frames are shared as far as {@code SharedBatches} keeps them.
     */
    void deliver(List<PublishedMetric> metrics) {
        ClientSession[] current = sessions;
        if (current.length == 0) {
            return;
        }
        int n = metrics.size();
        long now = current[0].loopNanoTime();
        views.clear();
        for (ClientSession s : current) {
            try {
                for (int i = 0; i < n; i++) {
                    s.offer(metrics.get(i), views, now);
                }
                s.flushWrites();
            } catch (RuntimeException e) {
                // One client's failure must not cost the others this chunk, nor the hub its in-flight count.
                LOG.error("delivery to {} failed; the other clients are unaffected", s.id(), e);
            }
        }
        views.clear();
    }

    /** Delivers every session's pending metrics now (shutdown). */
    void flushAll() {
        for (ClientSession s : sessions) {
            s.flushNow();
        }
    }

    int size() {
        return sessions.length;
    }
}
