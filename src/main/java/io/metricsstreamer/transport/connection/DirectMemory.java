package io.metricsstreamer.transport.connection;

import io.netty.util.internal.OutOfDirectMemoryError;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct memory running out: which errors mean it, and the warning an operator gets. Deliveries are framed in direct
 * memory and held there while a client's socket drains them, so the JVM's limit ({@code -XX:MaxDirectMemorySize})
 * bounds what all clients together hold unsent. Past it, deliveries are dropped per client and reported to it as
 * {@code dropped}, and a connection whose bytes cannot be read is closed; the warning names the limit and what to
 * change, at most once per {@link #WARN_EVERY_NANOS}. Thread-safe.
 */
final class DirectMemory {
    private static final Logger LOG = LoggerFactory.getLogger(DirectMemory.class);
    static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AtomicLong LAST_WARNING = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final AtomicLong CLOSED = new AtomicLong();

    private DirectMemory() {
    }

    /** Whether {@code e} is direct memory running out (Netty's own limit, or the JDK's), not the heap. */
    static boolean exhausted(OutOfMemoryError e) {
        return e instanceof OutOfDirectMemoryError
                || e.getMessage() != null && e.getMessage().contains("direct buffer memory");
    }

    /** Deliveries to one client were dropped because of {@code e}: counted, and warned about now and then. */
    static void deliveriesDropped(OutOfMemoryError e) {
        DROPPED.incrementAndGet();
        warn(e);
    }

    /** A connection is closed because what it sent could not be read for lack of direct memory ({@code e}). */
    static void connectionClosed(OutOfMemoryError e) {
        CLOSED.incrementAndGet();
        warn(e);
    }

    /** One line, without a stack trace (the cause is known), at most once per {@link #WARN_EVERY_NANOS}. */
    private static void warn(OutOfMemoryError e) {
        long now = System.nanoTime();
        long last = LAST_WARNING.get();
        if (now - last >= WARN_EVERY_NANOS && LAST_WARNING.compareAndSet(last, now)) {
            LOG.warn("direct memory exhausted (limit {} MiB): so far {} deliveries to a client dropped and reported "
                    + "to it as dropped, {} connections closed unread; slow clients hold their unsent data there: "
                    + "raise -XX:MaxDirectMemorySize (JAVA_OPTS) or lower --slow-client-bytes ({})",
                    PlatformDependent.maxDirectMemory() >> 20, DROPPED.get(), CLOSED.get(), e.getMessage());
        }
    }

}
