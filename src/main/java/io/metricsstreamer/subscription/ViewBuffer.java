package io.metricsstreamer.subscription;

import java.util.Arrays;

/** A growing byte array a view is written into, and whether the view it holds must come from the tree instead. */
final class ViewBuffer {
    private byte[] bytes;
    private int size;
    /** Set when the view cannot be decided on the bytes ({@link DataFilterBytes#USE_TREE}). */
    boolean useTree;

    ViewBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    void put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
    }

    void put(byte[] from, int start, int end) {
        int n = end - start;
        ensure(n);
        System.arraycopy(from, start, bytes, size, n);
        size += n;
    }

    private void ensure(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
