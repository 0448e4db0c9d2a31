package io.metricsstreamer.cluster;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.hub.Hub;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Each read is followed on the connection by a read of the cluster's epoch, sent at once behind it (no round trip
 * of its own): Redis answers it right after the stream read, so a read whose epoch is the node's holds entries of
 * that epoch. Entries read with another epoch (the Redis lost its data, and a new epoch began) are not handed over:
 * the node adopts the new epoch first ({@link EpochChange}) and reads it from its start. An idle read returns every
 * {@link #BLOCK}, so a node notices a Redis that lost its data within that of reaching it again.
 */
final class StreamReader {
    /** How long one read waits for new entries: also how long a stop may wait for the reader. */
    static final Duration BLOCK = Duration.ofMillis(250);
    /** Most entries one read takes. */
    static final int READ_COUNT = 1024;
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

    /** The node's epoch, and how it takes up another; on the reader thread. */
    interface EpochChange {
        /** The epoch the node is in now. */
        String current();

        /**
         * The cluster's epoch is {@code seen} (null: gone) and not the node's: adopts it (or a new one when gone).
         *
         * @return the last seq of the adopted epoch the node holds, to read after; -1 when it could not (tried again
         *         on the next read)
         */
        long adopt(String seen);
    }

    private final RedisAsyncCommands<String, byte[]> commands;
    private final Duration timeout;
    private final StreamEntries entries;
    private final Hub hub;
    private final EpochChange change;
    private final Thread thread;
    private volatile boolean running = true;
    private String lastId;

    /** A reader of the entries after {@code afterSeq} of the node's epoch ({@code change}'s), into {@code hub}. */
    StreamReader(RedisAsyncCommands<String, byte[]> commands, Duration timeout, StreamEntries entries, Hub hub,
                 long afterSeq, EpochChange change) {
        this.commands = commands;
        this.timeout = timeout;
        this.entries = entries;
        this.hub = hub;
        this.change = change;
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

    private void run() {
        XReadArgs args = XReadArgs.Builder.block(BLOCK).count(READ_COUNT);
        boolean failing = false;
        while (running) {
            Read read;
            try {
                read = read(args);
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
            if (!change.current().equals(read.epoch())) {
                long after = change.adopt(read.epoch());
                if (after < 0) {
                    LockSupport.parkNanos(this, RETRY_NANOS);
                } else {
                    lastId = ClusterKeys.idOf(after);
                }
                continue;
            }
            List<StreamMessage<String, byte[]>> taken = read.entries();
            if (taken == null || taken.isEmpty()) {
                continue;
            }
            lastId = taken.get(taken.size() - 1).getId();
            List<PublishedMetric> metrics = entries.decode(taken, System.nanoTime(), System.currentTimeMillis() * 1000);
            if (!hub.receive(metrics)) {
                return;
            }
        }
    }

    /** One read: the entries after the last one taken, and the cluster's epoch right after (null: none). */
    private record Read(List<StreamMessage<String, byte[]>> entries, String epoch) {
    }

    @SuppressWarnings("unchecked") // one stream offset, as varargs
    private Read read(XReadArgs args) {
        RedisFuture<List<StreamMessage<String, byte[]>>> read = commands.xread(args,
                XReadArgs.StreamOffset.from(ClusterKeys.STREAM, lastId));
        RedisFuture<byte[]> epoch = commands.get(ClusterKeys.EPOCH);
        List<StreamMessage<String, byte[]>> taken;
        try {
            taken = LettuceFutures.awaitOrCancel(read, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            epoch.cancel(true);
            throw e;
        }
        byte[] name = LettuceFutures.awaitOrCancel(epoch, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return new Read(taken, name == null ? null : new String(name, StandardCharsets.US_ASCII));
    }
}
