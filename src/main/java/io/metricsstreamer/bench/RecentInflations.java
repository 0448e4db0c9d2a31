package io.metricsstreamer.bench;

import java.util.Arrays;

/**
 * The messages the clients of one event loop inflated lately, by their compressed bytes: the server compresses a
 * frame once and sends the same bytes to every client of the same view, so a loop's clients mostly receive what
 * another of them inflated before, and each inflates only what it is the first to get. This keeps the bench's own
 * cost per compressed message near the cost of a plain one (a hash and a comparison of the compressed bytes instead
 * of an inflation), so that the load tool does not fall behind a server it measures; every client still scans every
 * message. The clients of a loop read at different points of the stream (one read may hold a hundred messages), so
 * the table holds thousands: direct-mapped by a hash of the length and the last bytes, a newer message taking an
 * older one's slot, and emptied whole when what it holds passes {@link #MAX_BYTES}. Exact: a hit compares the whole
 * compressed message. Loop thread only.
 */
final class RecentInflations {
    /** Slots (a power of two): a minute of W1's metrics, seconds of W2's batches (the byte bound comes first). */
    static final int SIZE = 65_536;
    /** Compressed messages larger than this (a lagging client's catch-up) are not remembered. */
    static final int MAX_KEPT = 64 * 1024;
    /** Bytes the table may hold, compressed and inflated together, before it is emptied. */
    static final long MAX_BYTES = 128L << 20;
    /**
     * Bytes of a compressed message hashed, its last ones (with its length): a deflate stream's first bytes are its
     * code tables, alike for similar messages, while its last ones depend on all it holds.
     */
    static final int HASHED = 64;

    private final byte[][] compressed = new byte[SIZE][];
    private final byte[][] inflated = new byte[SIZE][];
    private long bytes;

    /** The inflated bytes of the first {@code length} bytes of {@code message}, when remembered; else null. */
    byte[] find(byte[] message, int length) {
        int slot = slot(message, length);
        byte[] c = compressed[slot];
        return c != null && c.length == length && Arrays.equals(c, 0, length, message, 0, length) ? inflated[slot]
                : null;
    }

    /** Remembers that the first {@code length} bytes of {@code message} inflated to {@code n} bytes of {@code out}. */
    void remember(byte[] message, int length, byte[] out, int n) {
        if (length > MAX_KEPT) {
            return;
        }
        if (bytes + length + n > MAX_BYTES) {
            Arrays.fill(compressed, null);
            Arrays.fill(inflated, null);
            bytes = 0;
        }
        int slot = slot(message, length);
        if (compressed[slot] != null) {
            bytes -= compressed[slot].length + inflated[slot].length;
        }
        compressed[slot] = Arrays.copyOf(message, length);
        inflated[slot] = Arrays.copyOf(out, n);
        bytes += length + n;
    }

    private static int slot(byte[] b, int length) {
        int h = length;
        for (int i = Math.max(0, length - HASHED); i < length; i++) {
            h = 31 * h + b[i];
        }
        return (h ^ h >>> 16) & (SIZE - 1);
    }
}
