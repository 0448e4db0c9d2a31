package io.metricsstreamer.loadgen;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands each request to the client when its intended start comes, on the calling thread: it parks until shortly
 * before the next start is due, spins the rest of the way (a park wakes late by tens of microseconds), then hands
 * over every start that is due by then in one batch (at high rates one wake-up serves several). The spin is at most
 * {@link #SPIN_SHARE} of the gap between two starts, so it costs a bounded share of a core at any rate. It never
 * waits for the target: the client starts each request whether or not earlier ones finished. How late each start
 * was taken up is the client's to measure (the scheduling error includes the hand-over).
 */
final class ArrivalPacer {
    /** The most starts handed over at once. */
    static final int BATCH = 512;
    /** The longest spin before a start, in nanoseconds: about twice a park's usual lateness. */
    static final long SPIN_MAX_NANOS = 200_000;
    /** The spin's largest share of the gap between two starts (1/SPIN_SHARE). */
    static final int SPIN_SHARE = 5;

    private final ArrivalSchedule schedule;
    private final Starter client;
    private volatile boolean stopped;
    private volatile Thread pacing;

    /** Takes the starts that are due: the client, which starts them on its own thread (HttpLoadClient#fire). */
    @FunctionalInterface
    interface Starter {
        /** Starts the requests intended at {@code intended[0..count)} (nanoTime), in that order; never blocks. */
        void fire(long[] intended, int count);
    }

    ArrivalPacer(LoadProfile profile, Starter client) {
        this.schedule = new ArrivalSchedule(profile);
        this.client = client;
    }

    /** Ends the schedule early: no request is started after this (from any thread). */
    void stop() {
        stopped = true;
        LockSupport.unpark(pacing);
    }

    /** Whether {@link #stop()} was called. */
    boolean stopped() {
        return stopped;
    }

    /**
     * Paces the whole schedule from {@code start} (nanoTime) and returns the number of requests handed over.
     *
     * @throws InterruptedException when the thread is interrupted (the requests after that are not started)
     */
    long run(long start) throws InterruptedException {
        pacing = Thread.currentThread();
        long[] batch = new long[BATCH];
        long handed = 0;
        long next = schedule.next();
        long previous = 0;
        while (next != ArrivalSchedule.END && !stopped) {
            long due = start + next;
            awaitDue(due, Math.min(SPIN_MAX_NANOS, (next - previous) / SPIN_SHARE), handed);
            if (stopped) {
                break;
            }
            long now = System.nanoTime();
            int n = 0;
            while (next != ArrivalSchedule.END && start + next <= now && n < BATCH) {
                batch[n++] = start + next;
                next = schedule.next();
            }
            previous = batch[n - 1] - start;
            client.fire(Arrays.copyOf(batch, n), n);
            handed += n;
        }
        return handed;
    }

    /** Parks until {@code spinNanos} before {@code due} (nanoTime), then spins until it, or until stopped. */
    private void awaitDue(long due, long spinNanos, long handed) throws InterruptedException {
        long wait;
        while ((wait = due - spinNanos - System.nanoTime()) > 0 && !stopped) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("the run was interrupted after " + handed + " requests");
            }
        }
        while (System.nanoTime() - due < 0 && !stopped) {
            Thread.onSpinWait();
        }
    }
}
