package io.metricsstreamer.recording;

import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a recording again at its recorded pace, divided by a speed: the first metric at once, each later one its
 * recorded offset after it (over {@code speed}), each through the server's ordinary publish path (new seqs, into the
 * history, to every subscribed client), with its data byte for byte as recorded. It reads the file as it plays
 * (memory does not grow with its length). Runs on a daemon thread of its own; {@link #close()} stops it.
 */
public final class RecordingPlayer implements AutoCloseable {
    /** Longest park while waiting for a metric's time, so that {@link #close()} is noticed soon. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger(RecordingPlayer.class);

    private final Settings settings;
    private final MetricTypes types;
    private volatile Predicate<List<MetricEnvelope>> publish;
    private final CompletableFuture<Summary> done = new CompletableFuture<>();
    private final Thread thread;
    private RecordingReader reader;
    private volatile boolean stopped;
    private volatile long published;
    private volatile long refused;

    /**
     * What to play and how.
     *
     * @param file       the recording
     * @param speed      how much faster than recorded (2: twice as fast, 0.5: half as fast); more than 0
     * @param loop       start again from the top at the end, until stopped
     * @param timestamps which timestamps the metrics carry
     */
    public record Settings(Path file, double speed, boolean loop, PlaybackTimestamps timestamps) {
        /** Validates the speed. */
        public Settings {
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("--speed must be a number more than 0 (2: twice as fast as "
                        + "recorded, 0.5: half as fast), was " + speed);
            }
        }
    }

    /**
     * What a playback did.
     *
     * @param published metrics published
     * @param refused   metrics the server refused (stopped, or its queue full: counted as dropped there too)
     * @param skipped   lines skipped (see {@link RecordingReader})
     * @param truncated whether the file ended mid-stream or mid-line
     */
    public record Summary(long published, long refused, long skipped, boolean truncated) {
    }

    private RecordingPlayer(Settings settings, MetricTypes types) {
        this.settings = settings;
        this.types = types;
        this.reader = RecordingReader.open(settings.file(), types);
        this.thread = new Thread(this::run, "metrics-playback");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the recording and reads its header: a bad file is refused here, before anything starts.
     *
     * @param types the metric types of the server it is played into
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static RecordingPlayer open(Settings settings, MetricTypes types) {
        return new RecordingPlayer(settings, types);
    }

    /**
     * Starts playing through {@code publish}, which returns false when the server refuses a metric (the server's
     * {@code publishEnvelopes}). Once.
     */
    public void start(Predicate<List<MetricEnvelope>> publish) {
        this.publish = Objects.requireNonNull(publish, "publish");
        LOG.info("playing the recording {} (started {}, written by metrics-streamer {}) at {}x its pace",
                settings.file(), reader.startedAt(), reader.serverVersion(), settings.speed());
        thread.start();
    }

    /** Completes when the playback ends (the recording played through, or {@link #close()}). */
    public CompletableFuture<Summary> done() {
        return done;
    }

    /** Metrics published so far. Any thread. */
    public long published() {
        return published;
    }

    private void run() {
        long startNanos = System.nanoTime();
        Instant startWall = Instant.now();
        long roundBaseNanos = 0;
        long lastDueNanos = 0;
        long skipped = 0;
        boolean truncated = false;
        try {
            while (!stopped) {
                long first = -1;
                RecordedMetric m;
                while (!stopped && (m = reader.next()) != null) {
                    if (first < 0) {
                        first = m.offsetMs();
                    }
                    long dueNanos = roundBaseNanos
                            + Math.round(TimeUnit.MILLISECONDS.toNanos(m.offsetMs() - first) / settings.speed());
                    waitUntil(startNanos + dueNanos);
                    lastDueNanos = dueNanos;
                    play(m, startWall.plusNanos(dueNanos));
                }
                skipped += reader.skipped();
                truncated |= reader.truncated();
                reader.close();
                if (stopped || !settings.loop() || first < 0) {
                    break;
                }
                roundBaseNanos = lastDueNanos + 1;
                reader = RecordingReader.open(settings.file(), types);
            }
        } catch (RuntimeException e) {
            LOG.error("the playback of {} failed", settings.file(), e);
        } finally {
            reader.close();
        }
        Summary summary = new Summary(published, refused, skipped, truncated);
        LOG.info("playback of {} {}: {} metrics published in {} s{}, {} lines skipped{}; the server goes on serving, "
                + "and its history keeps them for replay within --history-size and --history-seconds",
                settings.file(), stopped ? "stopped" : "finished", summary.published(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9),
                summary.refused() > 0 ? " (" + summary.refused() + " refused by the server)" : "", summary.skipped(),
                truncated ? ", its truncated tail left out" : "");
        done.complete(summary);
    }

    private void play(RecordedMetric m, Instant now) {
        MetricEnvelope recorded = m.envelope();
        MetricEnvelope out = settings.timestamps() == PlaybackTimestamps.RECORDED ? recorded
                : MetricEnvelope.ofJson(recorded.type(), now, recorded.dataJson());
        if (publish.test(List.of(out))) {
            published++;
        } else {
            refused++;
        }
    }

    private void waitUntil(long dueNanos) {
        long left;
        while (!stopped && (left = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
        }
    }

    /** Stops playing (what was published stays published). Idempotent. */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        if (!thread.isAlive() && !done.isDone()) {
            reader.close();
        }
    }
}
