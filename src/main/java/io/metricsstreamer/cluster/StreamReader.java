package io.metricsstreamer.cluster;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.hub.Hub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's inbound side: the {@code cluster-reader} thread reads the stream from the last entry it took, on a
 * connection of its own (its reads block), and hands each read, encoded, to the hub: the hub's only source of seqs in
 * cluster mode, in stream order. It waits while the hub's ingress is full; Redis keeps what it has not read yet.
 */
final class StreamReader {
    /** How long one read waits for new entries: also how long a stop may wait for the reader. */
    static final Duration BLOCK = Duration.ofMillis(250);
    /** Most entries one read takes. */
    static final int READ_COUNT = 1024;
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

    private final RedisCommands<String, byte[]> commands;
    private final StreamEntries entries;
    private final Hub hub;
    private final Thread thread;
    private volatile boolean running = true;
    private String lastId;

    /** A reader of the entries after {@code afterSeq}, into {@code hub}. */
    StreamReader(RedisCommands<String, byte[]> commands, StreamEntries entries, Hub hub, long afterSeq) {
        this.commands = commands;
        this.entries = entries;
        this.hub = hub;
        this.lastId = ClusterKeys.idOf(afterSeq);
        this.thread = new Thread(this::run, "cluster-reader");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops reading; returns once the thread ended (it ends within one read's block). */
    void stop() {
        running = false;
        try {
            thread.join(BLOCK.toMillis() * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked") // one stream offset, as varargs
    private void run() {
        XReadArgs args = XReadArgs.Builder.block(BLOCK).count(READ_COUNT);
        boolean failing = false;
        while (running) {
            List<StreamMessage<String, byte[]>> read;
            try {
                read = commands.xread(args, XReadArgs.StreamOffset.from(ClusterKeys.STREAM, lastId));
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("reading the cluster's stream failed; retrying: {}", e.toString());
                }
                LockSupport.parkNanos(this, RETRY_NANOS);
                continue;
            }
            if (failing) {
                failing = false;
                LOG.info("reading the cluster's stream works again");
            }
            if (read == null || read.isEmpty()) {
                continue;
            }
            lastId = read.get(read.size() - 1).getId();
            List<PublishedMetric> metrics = entries.decode(read, System.nanoTime(), System.currentTimeMillis() * 1000);
            if (!hub.receive(metrics)) {
                return;
            }
        }
    }
}
