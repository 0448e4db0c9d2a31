package io.metricsstreamer.delivery;

import io.metricsstreamer.stats.ServerStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One session's statistics, and what of them the server-wide {@link ServerStats} has not been told yet. Written
 * only on the session's loop: the fields are single-writer, published with release stores (a plain store on x86,
 * where a volatile store would fence on every delivery) and read with acquire loads, so the getters may run on any
 * thread. The server-wide counters are shared by every loop, so they are told once per loop task
 * ({@link #report}), not once per metric.
 */
final class SessionCounters {
    private static final VarHandle MESSAGES_SENT = handle("messagesSent", long.class);
    private static final VarHandle METRICS_DELIVERED = handle("metricsDelivered", long.class);
    private static final VarHandle METRICS_DROPPED = handle("metricsDropped", long.class);
    private static final VarHandle PENDING_COUNT = handle("pendingCount", int.class);

    private long messagesSent;
    private long metricsDelivered;
    private long metricsDropped;
    private int pendingCount;
    private long unreportedDrops;
    private long unreportedMessages;
    private long unreportedDelivered;

    private static VarHandle handle(String field, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(SessionCounters.class, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code frames} delivery frames carrying {@code metrics} metrics were written. */
    void delivered(int frames, int metrics) {
        MESSAGES_SENT.setRelease(this, messagesSent + frames);
        METRICS_DELIVERED.setRelease(this, metricsDelivered + metrics);
        unreportedMessages += frames;
        unreportedDelivered += metrics;
    }

    /** A control message was sent; the server-wide count is told at once (control messages are rare). */
    void controlSent(ServerStats stats) {
        MESSAGES_SENT.setRelease(this, messagesSent + 1);
        stats.onMessagesSent(1);
    }

    /** {@code n} metrics were lost for this client. */
    void dropped(long n) {
        METRICS_DROPPED.setRelease(this, metricsDropped + n);
        unreportedDrops += n;
    }

    /** The client now has {@code n} metrics pending. */
    void pending(int n) {
        PENDING_COUNT.setRelease(this, n);
    }

    /** Adds what was counted since the last call to the server-wide counters. */
    void report(ServerStats stats) {
        if (unreportedDrops != 0) {
            stats.onClientDropped(unreportedDrops);
            unreportedDrops = 0;
        }
        if (unreportedMessages != 0) {
            stats.onMessagesSent(unreportedMessages);
            stats.onMetricsDelivered(unreportedDelivered);
            unreportedMessages = 0;
            unreportedDelivered = 0;
        }
    }

    /** Messages sent, control and deliveries. Any thread. */
    long messagesSent() {
        return (long) MESSAGES_SENT.getAcquire(this);
    }

    /** Metrics delivered. Any thread. */
    long metricsDelivered() {
        return (long) METRICS_DELIVERED.getAcquire(this);
    }

    /** Metrics lost for this client. Any thread. */
    long metricsDropped() {
        return (long) METRICS_DROPPED.getAcquire(this);
    }

    /** Metrics pending. Any thread. */
    int pendingCount() {
        return (int) PENDING_COUNT.getAcquire(this);
    }
}
