package io.metricsstreamer.delivery;

/**
 * The clock and timers of one event loop, as a {@link ClientSession} sees them. Tasks run on that loop. Implemented
 * over a Netty {@code EventLoop} in {@code transport} and by a hand-advanced fake in tests.
 */
public interface LoopScheduler {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Wall-clock time: nanoseconds since the Unix epoch (aggregation windows are aligned to it). */
    long epochNanos();

    /** Runs {@code task} on the loop after {@code delayNanos}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delayNanos);

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }
}
