package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.stats.ClientSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client ids, admission and lookups. Thread-safe: admission is one atomic counter, lookups a concurrent map.
 * Reserving a {@link ConnectionSlot} is the single step every handshake passes ({@link #tryReserve()}), the seam where
 * authorisation will go.
 */
public final class ClientRegistry {
    private final int maxClients;
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger admitted = new AtomicInteger();
    private final ConcurrentHashMap<String, ClientSession> sessions = new ConcurrentHashMap<>();

    /** A registry admitting at most {@code maxClients} connections at once. */
    public ClientRegistry(int maxClients) {
        this.maxClients = maxClients;
    }

    /**
     * Reserves a connection slot for a handshake.
     *
     * @return the slot, or null when {@code maxClients} are already reserved
     */
    public ConnectionSlot tryReserve() {
        while (true) {
            int n = admitted.get();
            if (n >= maxClients) {
                return null;
            }
            if (admitted.compareAndSet(n, n + 1)) {
                return new ConnectionSlot(admitted);
            }
        }
    }

    /** A new id, unique for this server's lifetime: {@code client_1}, {@code client_2}, ... */
    public String newClientId() {
        return "client_" + nextId.incrementAndGet();
    }

    void add(ClientSession session) {
        sessions.put(session.id(), session);
    }

    void remove(ClientSession session) {
        sessions.remove(session.id(), session);
    }

    /** Clients registered now. */
    public int count() {
        return sessions.size();
    }

    /** Whether a client with this id is connected now. */
    public boolean contains(String clientId) {
        return clientId != null && sessions.containsKey(clientId);
    }

    /** Snapshots of every connected client, ordered by connection (id number). */
    public List<ClientSnapshot> snapshots(long nowNanos) {
        List<ClientSnapshot> out = new ArrayList<>(sessions.size());
        for (ClientSession s : sessions.values()) {
            out.add(s.snapshot(nowNanos));
        }
        out.sort(Comparator.comparingLong(c -> Long.parseLong(c.clientId().substring("client_".length()))));
        return out;
    }

    Collection<ClientSession> sessions() {
        return sessions.values();
    }
}
