package io.metricsstreamer.recording;

import io.metricsstreamer.hub.PublishRecorder;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.stats.ServerStats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every metric the hub hands it to a gzip file of JSON lines ({@link RecordingFormat}), off the publish path.
 * {@link #record} (any thread) only offers the metrics to a bounded queue: when the queue lacks room, because the
 * writer fell behind, they are counted as {@code recording_dropped} and a warning is logged once; publishers never
 * wait. One writer thread encodes each metric once, writes it, and flushes the file at least every
 * {@link #FLUSH_INTERVAL_NANOS}, so a killed process loses about that much; {@link #close()} writes what is queued
 * and ends the gzip stream, leaving a complete file. A file that exists is appended to, as a second gzip member with a
 * header of its own (gzip readers read the members as one stream).
 */
public final class RecordingWriter implements PublishRecorder, AutoCloseable {
    /** Metrics the queue holds by default: as many as the hub's ingress queue. */
    public static final int DEFAULT_CAPACITY = 65_536;
    /** Longest a written metric stays in the writer's buffers before it reaches the file. */
    static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long an idle writer parks between looks at its queue (publishers never wake it: that would cost them). */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);
    private static final byte[] LINE_START = "{\"t_ms\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = ",\"envelope\":{\"metric_type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = "\",\"timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\",\"data\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = "}}\n".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final int capacity;
    private final ServerStats stats;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final OutputStream out;
    private final MpscArrayQueue<Entry> queue;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closing;
    private boolean failed;
    private long lastFlushNanos;
    private boolean unflushed;
    /** The writer thread's CPU time when it ended, -1 before (or when the JVM cannot tell). */
    private volatile long writerCpuNanos = -1;

    /** One publisher call's metrics as they wait for the writer. */
    private record Entry(List<MetricEnvelope> metrics, long acceptedNanos) {
    }

    private RecordingWriter(Path file, OutputStream out, int capacity, ServerStats stats, LongSupplier nanoClock,
                            boolean startThread) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the recording queue must hold at least 1 metric, was " + capacity);
        }
        this.file = file;
        this.out = out;
        this.capacity = capacity;
        this.stats = stats;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastFlushNanos = startNanos;
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
        this.thread = new Thread(this::run, "metrics-recording");
        this.thread.setDaemon(true);
        if (startThread) {
            thread.start();
        }
    }

    /**
     * Opens {@code file} for appending (creating it) and writes the header, then starts the writer thread. The
     * recording's clock starts now ({@code nanoClock}, the hub's).
     *
     * @throws IllegalArgumentException when the file cannot be opened or written, naming it and why
     */
    public static RecordingWriter open(Path file, ServerStats stats, LongSupplier nanoClock) {
        return open(file, DEFAULT_CAPACITY, stats, nanoClock, true);
    }

    /** As {@link #open(Path, ServerStats, LongSupplier)}, with a queue of {@code capacity} metrics (tests). */
    static RecordingWriter open(Path file, int capacity, ServerStats stats, LongSupplier nanoClock,
                                boolean startThread) {
        OutputStream out;
        try {
            out = new BufferedOutputStream(new FastGzipOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)), BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalArgumentException("cannot open the recording file " + file + " for writing: " + e, e);
        }
        RecordingWriter writer = new RecordingWriter(file, out, capacity, stats, nanoClock, false);
        try {
            out.write(RecordingFormat.header(Instant.now()));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            writer.closeQuietly();
            throw new IllegalArgumentException("cannot write the recording file " + file + ": " + e, e);
        }
        if (startThread) {
            writer.thread.start();
        }
        LOG.info("recording every published metric to {} (gzip, one JSON object per line)", file);
        return writer;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    @Override
    public void record(List<MetricEnvelope> metrics, long acceptedNanos) {
        int n = metrics.size();
        if (n == 0) {
            return;
        }
        if (closing) {
            dropped(n);
            return;
        }
        long q = queued.addAndGet(n);
        // One call larger than the whole queue still goes in when the queue is empty, as the hub's ingress allows.
        if (q > capacity && q != n) {
            queued.addAndGet(-n);
            dropped(n);
            return;
        }
        if (!queue.offer(new Entry(metrics, acceptedNanos))) {
            queued.addAndGet(-n);
            dropped(n);
        }
    }

    private void dropped(int n) {
        stats.onRecordingDropped(n);
        if (!closing && warnedFull.compareAndSet(false, true)) {
            LOG.warn("the recording to {} falls behind the publishers: its queue of {} metrics is full, and metrics "
                    + "published while it is are missing from the file (counted as recording_dropped; they are "
                    + "delivered all the same). A faster disk helps.", file, capacity);
        }
    }

    private void run() {
        while (true) {
            boolean wrote = drain();
            long now = nanoClock.getAsLong();
            if (unflushed && now - lastFlushNanos >= FLUSH_INTERVAL_NANOS) {
                flush(now);
            }
            if (closing && queue.isEmpty()) {
                writerCpuNanos = threadCpuNanos();
                return;
            }
            if (!wrote) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        }
    }

    /** Writes what is queued now. The writer thread (or a test, instead of it). @return whether there was any */
    boolean drain() {
        boolean any = false;
        Entry e;
        while ((e = queue.relaxedPoll()) != null) {
            any = true;
            queued.addAndGet(-e.metrics().size());
            write(e);
        }
        return any;
    }

    /** Empties the queue without writing (a benchmark of the offer alone). */
    void drainQueueOnly() {
        Entry e;
        while ((e = queue.relaxedPoll()) != null) {
            queued.addAndGet(-e.metrics().size());
        }
    }

    private void write(Entry e) {
        if (failed) {
            stats.onRecordingDropped(e.metrics().size());
            return;
        }
        long tMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(e.acceptedNanos() - startNanos));
        byte[] t = Long.toString(tMs).getBytes(StandardCharsets.US_ASCII);
        try {
            for (MetricEnvelope m : e.metrics()) {
                out.write(LINE_START);
                out.write(t);
                out.write(TYPE);
                out.write(m.type().name().getBytes(StandardCharsets.US_ASCII));
                out.write(TIMESTAMP);
                out.write(Timestamps.format(m.timestamp()).getBytes(StandardCharsets.US_ASCII));
                out.write(DATA);
                out.write(m.dataJson());
                out.write(LINE_END);
            }
            unflushed = true;
            stats.onMetricsRecorded(e.metrics().size());
        } catch (IOException ex) {
            fail(ex, e.metrics().size());
        }
    }

    private void flush(long now) {
        lastFlushNanos = now;
        unflushed = false;
        if (failed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException ex) {
            fail(ex, 0);
        }
    }

    private void fail(IOException ex, int lost) {
        failed = true;
        stats.onRecordingDropped(lost);
        LOG.error("the recording to {} failed; it records nothing more (counted as recording_dropped)", file, ex);
    }

    /**
     * Stops taking metrics, writes every one queued, ends the gzip stream and closes the file. Call after the hub
     * stopped, so that nothing published is left out. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (thread.isAlive()) {
            try {
                thread.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            drain();
        }
        closeQuietly();
        long recorded = stats.totalMetricsRecorded();
        long cpu = writerCpuNanos;
        LOG.info("recording to {} closed: {} metrics recorded, {} lost{}", file, recorded,
                stats.totalRecordingDropped(), cpu < 0 || recorded == 0 ? "" : String.format(Locale.ROOT,
                        "; its writer thread took %.1f ms of CPU, %.2f us a metric", cpu / 1e6, cpu / 1e3 / recorded));
    }

    /** The CPU time of the calling thread, -1 when the JVM does not measure it. */
    private static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.error("could not close the recording file {}: its end may be missing", file, e);
        }
    }

    /**
     * gzip at its fastest level, with a flush that ends a deflate block ({@link Deflater#SYNC_FLUSH}): the recording is
     * written while the server is under load (speed over size), and what a flush wrote reads back even when the
     * process is killed before the stream is ended.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, BUFFER_BYTES, true);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
