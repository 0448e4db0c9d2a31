package io.metricsstreamer.bench;

import java.util.Arrays;

/**
 * The messages the clients of one event loop inflated last, by their compressed bytes: the server compresses a
 * frame once and sends the same bytes to every client of the same view, so a loop's clients mostly receive what
 * another of them inflated a moment before, and each inflates only what it is the first to get. This keeps the
 * bench's own cost per compressed message near the cost of a plain one (a hash and a comparison of the compressed
 * bytes instead of an inflation), so that the load tool does not fall behind a server it measures; every client
 * still scans every message. Exact: a hit compares the whole compressed message. Loop thread only.
 */
final class RecentInflations {
    /** Messages remembered. */
    static final int SIZE = 64;
    /** Compressed messages larger than this (a lagging client's catch-up) are not remembered. */
    static final int MAX_KEPT = 64 * 1024;

    private final int[] hashes = new int[SIZE];
    private final byte[][] compressed = new byte[SIZE][];
    private final byte[][] inflated = new byte[SIZE][];
    private int next;

    /** The inflated bytes of the first {@code length} bytes of {@code message}, when remembered; else null. */
    byte[] find(byte[] message, int length) {
        int hash = hash(message, length);
        for (int i = 0; i < SIZE; i++) {
            int slot = (next - 1 - i + SIZE) % SIZE;
            byte[] c = compressed[slot];
            if (c != null && hashes[slot] == hash && c.length == length
                    && Arrays.equals(c, 0, length, message, 0, length)) {
                return inflated[slot];
            }
        }
        return null;
    }

    /** Remembers that the first {@code length} bytes of {@code message} inflated to {@code n} bytes of {@code out}. */
    void remember(byte[] message, int length, byte[] out, int n) {
        if (length > MAX_KEPT) {
            return;
        }
        hashes[next] = hash(message, length);
        compressed[next] = Arrays.copyOf(message, length);
        inflated[next] = Arrays.copyOf(out, n);
        next = (next + 1) % SIZE;
    }

    private static int hash(byte[] b, int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }
}
