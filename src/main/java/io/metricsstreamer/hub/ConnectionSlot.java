package io.metricsstreamer.hub;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One of the {@code --max-clients} connection slots, reserved by a handshake ({@link ClientRegistry#tryReserve()})
 * and held until the connection ends. {@link #release()} frees it once, however often it is called. Not to be
 * confused with {@link Admission}, the hub's answer to a publisher.
 */
public final class ConnectionSlot {
    /** A field updater, not an AtomicBoolean: every connection holds one of these. */
    private static final AtomicIntegerFieldUpdater<ConnectionSlot> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(ConnectionSlot.class, "released");
    private final AtomicInteger reserved;
    private volatile int released;

    ConnectionSlot(AtomicInteger reserved) {
        this.reserved = reserved;
    }

    /** Frees the slot. Idempotent; any thread. */
    public void release() {
        if (RELEASED.compareAndSet(this, 0, 1)) {
            reserved.decrementAndGet();
        }
    }
}
