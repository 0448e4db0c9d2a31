package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.LoopDeliveryState;
import io.metricsstreamer.delivery.MetricHistory;
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
 * except {@link #post} and {@link #metricsInFlight}, so the session set needs no lock. It is a growable array: adding
 * or removing a session costs no copy of the others (a copy per change makes a connection storm allocate in
 * proportion to the square of the connections). A session removed during a pass over the array (it closed while
 * being written to) is only marked, and taken out when the pass ends, so the pass neither skips nor revisits anyone.
 */
final class LoopShard {
    private static final Logger LOG = LoggerFactory.getLogger(LoopShard.class);
    private static final int MIN_CAPACITY = 16;

    private final Executor loop;
    private final LoopDeliveryState loopState = new LoopDeliveryState();
    private final AtomicInteger metricsInFlight = new AtomicInteger();
    private final Queue<List<PublishedMetric>> posted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<ClientSession> removedDuringPass = new ArrayList<>();
    private ClientSession[] sessions = new ClientSession[MIN_CAPACITY];
    /** The history of the chunks this loop delivers now (a cluster's epoch): set at creation, moved by a mark. */
    private MetricHistory delivering;
    private int size;
    private boolean passing;

    LoopShard(Executor loop) {
        this.loop = loop;
    }

    Executor loop() {
        return loop;
    }

    /** Sets the history of the chunks this loop delivers from now on. Loop thread. */
    void deliversFrom(MetricHistory history) {
        delivering = history;
    }

    /** The history of the chunks this loop delivers now. Loop thread. */
    MetricHistory delivers() {
        return delivering;
    }

    void add(ClientSession session) {
        if (size == sessions.length) {
            sessions = Arrays.copyOf(sessions, size * 2);
        }
        sessions[size++] = session;
        session.attach(loopState);
    }

    boolean remove(ClientSession session) {
        int i = indexOf(session);
        if (i < 0 || removedDuringPass.contains(session)) {
            return false;
        }
        if (passing) {
            removedDuringPass.add(session);
        } else {
            removeAt(i);
        }
        return true;
    }

    private int indexOf(ClientSession session) {
        for (int i = 0; i < size; i++) {
            if (sessions[i] == session) {
                return i;
            }
        }
        return -1;
    }

    /** Moves the last session into slot {@code i}: the order of sessions carries no meaning. */
    private void removeAt(int i) {
        sessions[i] = sessions[--size];
        sessions[size] = null;
        if (sessions.length > MIN_CAPACITY && size < sessions.length / 4) {
            sessions = Arrays.copyOf(sessions, Math.max(MIN_CAPACITY, sessions.length / 2));
        }
    }

    private void beginPass() {
        passing = true;
    }

    private void endPass() {
        passing = false;
        if (!removedDuringPass.isEmpty()) {
            for (ClientSession s : removedDuringPass) {
                int i = indexOf(s);
                if (i >= 0) {
                    removeAt(i);
                }
            }
            removedDuringPass.clear();
        }
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
        while (first != null) {
            if (first instanceof EpochMark mark) {
                closeSessionsBefore(mark);
                first = posted.poll();
                continue;
            }
            List<PublishedMetric> all = first;
            List<PublishedMetric> next = posted.poll();
            if (next != null && !(next instanceof EpochMark)) {
                all = new ArrayList<>(first);
                do {
                    all.addAll(next);
                } while ((next = posted.poll()) != null && !(next instanceof EpochMark));
            }
            try {
                deliver(all);
            } finally {
                metricsInFlight.addAndGet(-all.size());
            }
            first = next;
        }
    }

    /**
     * Offers the metrics, in order, to one session after the other, flushing each session's writes once. Session by
     * session rather than metric by metric: a session's state (and its socket's) is loaded once per chunk, not once
     * per metric. Filtered views and framed bytes are kept for the whole chunk, so they are still encoded once per
     * loop; batch frames are shared as far as {@code RecentBatchFrames} keeps them.
     */
    void deliver(List<PublishedMetric> metrics) {
        int count = size;
        if (count == 0) {
            return;
        }
        ClientSession[] current = sessions;
        long now = current[0].loopNanoTime();
        loopState.endChunk();
        beginPass();
        try {
            for (int c = 0; c < count; c++) {
                deliverTo(current[c], metrics, now);
            }
        } finally {
            endPass();
            loopState.endChunk();
        }
    }

    private void deliverTo(ClientSession s, List<PublishedMetric> metrics, long now) {
        try {
            s.offerAll(metrics, loopState, now);
            s.flushWrites();
        } catch (RuntimeException e) {
            // One client's failure must not cost the others this chunk, nor the hub its in-flight count.
            LOG.error("delivery to {} failed; the other clients are unaffected", s.id(), e);
        }
    }

    /**
     * The cluster's epoch changed at {@code mark}: every session opened before it (on another history than the new
     * epoch's) gets its pending metrics, then is closed with {@link CloseReason#CLUSTER_EPOCH_CHANGED}.
     */
    private void closeSessionsBefore(EpochMark mark) {
        delivering = mark.history();
        int count = size;
        ClientSession[] current = sessions;
        beginPass();
        try {
            for (int c = 0; c < count; c++) {
                ClientSession s = current[c];
                if (s.history() == mark.history()) {
                    continue;
                }
                try {
                    s.close(CloseReason.CLUSTER_EPOCH_CHANGED);
                } catch (RuntimeException e) {
                    LOG.error("closing {} for the cluster's new epoch failed; the others are closed", s.id(), e);
                }
            }
        } finally {
            endPass();
        }
    }

    /** Delivers every session's pending metrics now (shutdown). */
    void flushAll() {
        int count = size;
        ClientSession[] current = sessions;
        beginPass();
        try {
            for (int c = 0; c < count; c++) {
                current[c].flushNow();
            }
        } finally {
            endPass();
        }
    }

    int size() {
        return size - removedDuringPass.size();
    }
}
