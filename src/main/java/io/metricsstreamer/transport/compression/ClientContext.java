package io.metricsstreamer.transport.compression;

import java.util.Arrays;
import java.util.zip.Inflater;

/**
 * What the server keeps of one client's compressed messages when the client keeps its LZ77 context from message to
 * message (it did not offer {@code client_no_context_takeover}): the last bytes they inflated to, up to the client's
 * window, which the loop's shared inflater is given as a preset dictionary before the client's next message. That is
 * exactly the window a zlib stream per connection would hold, kept on the heap and only as large as what the client
 * has sent (a dashboard that sent three small requests keeps those bytes, not 32 KiB), with no native memory per
 * connection. Confined to the connection's event loop.
 */
public final class ClientContext {
    private static final byte[] EMPTY = {};

    private final int capacity;
    private byte[] window = EMPTY;
    private int length;

    /** A context keeping up to {@code capacity} bytes (the client's window). */
    ClientContext(int capacity) {
        this.capacity = capacity;
    }

    /** Gives {@code inflater}, just reset, what the client's next message may refer back to. */
    void prime(Inflater inflater) {
        if (length > 0) {
            inflater.setDictionary(window, 0, length);
        }
    }

    /** Appends the {@code n} bytes a message inflated to, keeping the newest {@code capacity}. */
    void append(byte[] bytes, int offset, int n) {
        if (n >= capacity) {
            ensure(capacity, 0);
            System.arraycopy(bytes, offset + n - capacity, window, 0, capacity);
            length = capacity;
            return;
        }
        int keep = Math.min(length, capacity - n);
        ensure(keep + n, keep);
        System.arraycopy(bytes, offset, window, keep, n);
        length = keep + n;
    }

    /** Room for {@code needed} bytes, with the newest {@code keep} of the current ones moved to the front. */
    private void ensure(int needed, int keep) {
        byte[] target = window;
        if (window.length < needed) {
            target = new byte[Math.min(capacity, Math.max(needed, window.length * 2))];
        }
        System.arraycopy(window, length - keep, target, 0, keep);
        window = target;
    }

    /** Bytes kept (for tests). */
    int length() {
        return length;
    }

    /** The bytes kept, oldest first (a copy; for tests). */
    byte[] kept() {
        return Arrays.copyOf(window, length);
    }
}
