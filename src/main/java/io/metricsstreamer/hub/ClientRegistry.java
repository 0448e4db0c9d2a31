package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.stats.ClientSnapshot;
import io.metricsstreamer.stats.ClientsPage;
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
        return snapshots(nowNanos, ClientsPage.ALL);
    }

    /**
     * Snapshots of one page of the connected clients, ordered by connection (id number): only the clients of the
     * page are snapshot, so a small page of many clients costs a sort of their ids, not a snapshot of each.
     */
    public List<ClientSnapshot> snapshots(long nowNanos, ClientsPage page) {
        List<ClientSession> all = new ArrayList<>(sessions.values());
        all.sort(Comparator.comparingLong(s -> Long.parseLong(s.id().substring("client_".length()))));
        int from = Math.min(page.offset(), all.size());
        int to = (int) Math.min(all.size(), (long) from + page.limit());
        List<ClientSnapshot> out = new ArrayList<>(to - from);
        for (ClientSession s : all.subList(from, to)) {
            out.add(s.snapshot(nowNanos));
        }
        return out;
    }

    Collection<ClientSession> sessions() {
        return sessions.values();
    }
}
