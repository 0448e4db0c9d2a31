package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.FilteredViews;
import io.metricsstreamer.delivery.PublishedMetric;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions pinned to one event loop. Every method runs on that loop (the {@link Executor} it was made with),
 * so the session array needs no lock; it is copied on add and remove, so a session closed during a delivery
 * pass cannot disturb the iteration.
 */
final class LoopShard {
    private static final ClientSession[] EMPTY = new ClientSession[0];

    private final Executor loop;
    private final FilteredViews views = new FilteredViews();
    private final AtomicInteger metricsInFlight = new AtomicInteger();
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

    /** Posts a delivery batch to the loop; false when the loop no longer runs tasks. Dispatcher thread. */
    boolean post(List<PublishedMetric> metrics) {
        int n = metrics.size();
        metricsInFlight.addAndGet(n);
        try {
            loop.execute(() -> {
                deliver(metrics);
                metricsInFlight.addAndGet(-n);
            });
            return true;
        } catch (RejectedExecutionException e) {
            metricsInFlight.addAndGet(-n);
            return false;
        }
    }

    /** Offers each metric, in order, to every session, then flushes each session's writes once. */
    void deliver(List<PublishedMetric> metrics) {
        ClientSession[] current = sessions;
        for (PublishedMetric m : metrics) {
            views.reset(m);
            for (ClientSession s : current) {
                s.offer(m, views);
            }
        }
        for (ClientSession s : current) {
            s.flushWrites();
        }
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
