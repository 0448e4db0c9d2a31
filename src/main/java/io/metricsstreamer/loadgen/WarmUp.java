package io.metricsstreamer.loadgen;

import io.metricsstreamer.loadgen.http.FailureKind;
import io.metricsstreamer.loadgen.http.HttpLoadClient;
import io.metricsstreamer.loadgen.http.Outcomes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Before the schedule starts: a few rounds of requests, recorded nowhere, that open the connections the first
 * moments of the run will use and run the client's code once, so that class loading and connection set-up do not
 * stall the first requests of the run and make them pile up; then the scenario's paced warm-up, if any (its requests
 * are counted by {@link #sentPaced}). Once the run begins every outcome goes to the
 * recorder. The requests reach the target like any other (its own counts include them).
 */
final class WarmUp implements Outcomes {
    /** The longest the warm-up waits for its answers. */
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Rounds of requests, each on the connections the previous one opened. */
    static final int ROUNDS = 3;

    private final RunRecorder recorder;
    private boolean recording;
    private int ended;
    private long sent;

    WarmUp(RunRecorder recorder) {
        this.recorder = recorder;
    }

    /** Sends {@link #ROUNDS} rounds of {@code connections} requests at once, each waiting up to {@code waitNanos}. */
    void run(HttpLoadClient client, int connections, long waitNanos) throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            long[] now = new long[connections];
            java.util.Arrays.fill(now, System.nanoTime());
            client.fire(now, connections);
            sent += connections;
            long giveUp = System.nanoTime() + waitNanos;
            int target = (round + 1) * connections;
            while (StressTestOrchestrator.onLoop(client, () -> ended) < target && System.nanoTime() < giveUp) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** Adds the requests of the paced warm-up to {@link #sent()}. */
    void sentPaced(long requests) {
        sent += requests;
    }

    /** From now on every outcome goes to the recorder. */
    void record(HttpLoadClient client) throws InterruptedException {
        StressTestOrchestrator.onLoop(client, () -> recording = true);
    }

    /** Requests the warm-up sent. */
    long sent() {
        return sent;
    }

    @Override
    public void started(long intended, long actual) {
        if (recording) {
            recorder.started(intended, actual);
        }
    }

    @Override
    public void responded(int status, long intended, long end, long bytes) {
        if (recording) {
            recorder.responded(status, intended, end, bytes);
        } else {
            ended++;
        }
    }

    @Override
    public void timedOut(long intended, long end) {
        if (recording) {
            recorder.timedOut(intended, end);
        } else {
            ended++;
        }
    }

    @Override
    public void failed(FailureKind kind, long intended, long end) {
        if (recording) {
            recorder.failed(kind, intended, end);
        } else {
            ended++;
        }
    }
}
