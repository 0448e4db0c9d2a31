package io.metricsstreamer.testing;

import io.metricsstreamer.delivery.LoopScheduler;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A fake {@link LoopScheduler} whose clock moves only when the test calls {@link #advance}: scheduled tasks wait in a
 * priority queue and run on the advancing thread, in time order (equal times in scheduling order), with the clock
 * set to each task's due time while it runs. Cancelled tasks never run. The clock starts at an arbitrary non-zero
 * value so that no code can rely on time zero.
 */
public final class ManualScheduler implements LoopScheduler {
    /** Where the clock starts. */
    public static final long START_NANOS = 1_000_000_000_000L;
    /** The wall clock when {@link #nanoTime()} is {@link #START_NANOS}: 2026-01-01T00:00:00Z, a whole hour. */
    public static final long START_EPOCH_NANOS = 1_767_225_600_000_000_000L;

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::order));
    private long now = START_NANOS;
    private long scheduled;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** The wall clock, moving with {@link #nanoTime()} from {@link #START_EPOCH_NANOS}. */
    @Override
    public synchronized long epochNanos() {
        return START_EPOCH_NANOS + (now - START_NANOS);
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayNanos) {
        Task t = new Task(task, now + Math.max(0, delayNanos), scheduled++);
        tasks.add(t);
        return t;
    }

    /** Moves the clock forward by {@code duration}, running every task that falls due on the way. */
    public void advance(Duration duration) {
        advance(duration.toNanos());
    }

    /** Moves the clock forward by {@code nanos}, running every task that falls due on the way. */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time only moves forward");
        }
        long target;
        synchronized (this) {
            target = now + nanos;
        }
        for (Task t = nextDue(target); t != null; t = nextDue(target)) {
            t.task.run();
        }
        synchronized (this) {
            now = target;
        }
    }

    /**
     * Runs the one task due soonest if it is due now, as one turn of an event loop would; tasks it schedules wait for
     * the next call. Returns whether a task ran.
     */
    public boolean runOne() {
        long target;
        synchronized (this) {
            target = now;
        }
        Task t = nextDue(target);
        if (t == null) {
            return false;
        }
        t.task.run();
        return true;
    }

    /** How many scheduled tasks have neither run nor been cancelled. */
    public synchronized int pendingTasks() {
        int n = 0;
        for (Task t : tasks) {
            if (!t.cancelled) {
                n++;
            }
        }
        return n;
    }

    private synchronized Task nextDue(long target) {
        while (!tasks.isEmpty() && tasks.peek().at() <= target) {
            Task t = tasks.poll();
            if (!t.cancelled) {
                now = t.at();
                return t;
            }
        }
        return null;
    }

    private final class Task implements Cancellable {
        private final Runnable task;
        private final long at;
        private final long order;
        private boolean cancelled;

        Task(Runnable task, long at, long order) {
            this.task = task;
            this.at = at;
            this.order = order;
        }

        long at() {
            return at;
        }

        long order() {
            return order;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                tasks.remove(this);
            }
        }
    }
}
