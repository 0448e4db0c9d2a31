package io.metricsstreamer.loadgen.http;

/**
 * What became of each request, reported on the client's loop thread (one thread: implementations need no locks, and
 * must not block). Times are {@link System#nanoTime()}; {@code intended} is when the schedule meant the request to
 * start, so {@code end - intended} is the latency free of coordinated omission.
 */
public interface Outcomes {
    /** The request was taken up by the loop at {@code actual} (its scheduling error is {@code actual - intended}). */
    void started(long intended, long actual);

    /** A whole response arrived; {@code bytes} counts what was sent and received for it. */
    void responded(int status, long intended, long end, long bytes);

    /** No response within the timeout: the connection was closed. */
    void timedOut(long intended, long end);

    /** No response, for {@code kind}. */
    void failed(FailureKind kind, long intended, long end);
}
