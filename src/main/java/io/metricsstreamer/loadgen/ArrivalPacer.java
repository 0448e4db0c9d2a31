package io.metricsstreamer.loadgen;

import io.metricsstreamer.loadgen.http.HttpLoadClient;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands each request to the client when its intended start comes, on the calling thread: it parks until the next
 * start is due, then hands over every start that is due by then in one batch (at high rates one wake-up serves
 * several). It never waits for the target: the client starts each request whether or not earlier ones finished.
 * How late each start was taken up is the client's to measure (the scheduling error includes the hand-over).
 */
final class ArrivalPacer {
    /** The most starts handed over at once. */
    static final int BATCH = 512;

    private final ArrivalSchedule schedule;
    private final HttpLoadClient client;
    private volatile boolean stopped;
    private volatile Thread pacing;

    ArrivalPacer(LoadProfile profile, HttpLoadClient client) {
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
        while (next != ArrivalSchedule.END && !stopped) {
            long due = start + next;
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !stopped) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException("the run was interrupted after " + handed + " requests");
                }
            }
            if (stopped) {
                break;
            }
            long now = System.nanoTime();
            int n = 0;
            while (next != ArrivalSchedule.END && start + next <= now && n < BATCH) {
                batch[n++] = start + next;
                next = schedule.next();
            }
            client.fire(Arrays.copyOf(batch, n), n);
            handed += n;
        }
        return handed;
    }
}
