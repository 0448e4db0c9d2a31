package io.metricsstreamer.ingest;

import java.util.Arrays;

/**
 * A reusable store of byte strings (the unescaped names and values of one line protocol point), each kept as a span
 * of one growing array, with the question the parser asks of them: whether one equals another. Not thread-safe: one
 * per parse.
 */
final class ByteSlices {
    private byte[] bytes = new byte[256];
    private int length;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;

    /** Forgets every slice. */
    void clear() {
        length = 0;
        count = 0;
    }

    /** Starts a new slice; append its bytes, then {@link #end}. */
    void begin() {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = length;
    }

    /** Appends a byte to the slice begun last. */
    void append(byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, length * 2);
        }
        bytes[length++] = b;
    }

    /** Ends the slice begun last and returns its index. */
    int end() {
        ends[count] = length;
        return count++;
    }

    /** The array the slices live in (valid until the next append). */
    byte[] bytes() {
        return bytes;
    }

    /** Where slice {@code i} starts in {@link #bytes()}. */
    int start(int i) {
        return starts[i];
    }

    /** Where slice {@code i} ends in {@link #bytes()}. */
    int end(int i) {
        return ends[i];
    }

    /** The length of slice {@code i}. */
    int length(int i) {
        return ends[i] - starts[i];
    }

    /** Whether slice {@code i} equals slice {@code j}. */
    boolean same(int i, int j) {
        return Arrays.equals(bytes, starts[i], ends[i], bytes, starts[j], ends[j]);
    }

    /** Whether slice {@code i} equals {@code ascii}. */
    boolean is(int i, byte[] ascii) {
        return Arrays.equals(bytes, starts[i], ends[i], ascii, 0, ascii.length);
    }
}
