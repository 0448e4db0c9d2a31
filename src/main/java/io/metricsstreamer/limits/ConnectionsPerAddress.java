package io.metricsstreamer.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The WebSocket connections each remote address holds, against {@code --max-connections-per-address}. A handshake
 * takes a {@link Slot} ({@link #tryAcquire}) and the connection frees it when it ends. Thread-safe across event loops:
 * each address's count changes only inside the map's atomic {@code compute}, and an address whose count falls to
 * zero leaves the map, so the map holds only addresses with an open connection.
 *
 * <p>An address is the peer's IP as the socket sees it: clients behind one proxy or NAT share it.
 */
public final class ConnectionsPerAddress {
    private final int limit;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** At most {@code limit} connections per address, at least 1. */
    public ConnectionsPerAddress(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("connections per address must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** The limit. */
    public int limit() {
        return limit;
    }

    /**
     * Takes a connection slot of a peer at {@code remote}, by its IP address; a peer with none (not an IP socket)
     * is not limited, and gets a slot that counts nothing.
     *
     * @return the slot, to be released when the connection ends; null when the address already holds the limit
     */
    public Slot tryAcquire(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return tryAcquire(inet.getAddress());
        }
        return new Slot(null);
    }

    /**
     * Takes a connection slot of {@code address}.
     *
     * @return the slot, to be released when the connection ends; null when the address already holds the limit
     */
    public Slot tryAcquire(InetAddress address) {
        boolean[] taken = new boolean[1];
        open.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= limit) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0] ? new Slot(address) : null;
    }

    /** Connections {@code address} holds now. */
    public int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    /** Addresses holding at least one connection now. */
    public int addresses() {
        return open.size();
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** One connection of an address. {@link #release()} frees it once, however often it is called; any thread. */
    public final class Slot {
        /** A field updater, not an AtomicBoolean: every connection holds one of these. */
        private static final AtomicIntegerFieldUpdater<Slot> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Slot.class, "released");
        private final InetAddress address;
        private volatile int released;

        private Slot(InetAddress address) {
            this.address = address;
        }

        /** Frees the slot. Idempotent; any thread. */
        public void release() {
            if (address != null && RELEASED.compareAndSet(this, 0, 1)) {
                ConnectionsPerAddress.this.release(address);
            }
        }
    }
}
