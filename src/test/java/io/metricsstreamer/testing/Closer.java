package io.metricsstreamer.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (servers, processes, clients), closed in the reverse order at the end: a client before the server
 * it is connected to, a node before the Redis it uses. A failure to close one does not keep the others open; the first
 * is rethrown (unchecked) with the rest suppressed.
 */
public final class Closer implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Keeps {@code resource} to close; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + open.get(i) + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
