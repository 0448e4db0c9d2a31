package io.metricsstreamer.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One WebSocket text frame described as a list of byte-array slices, so that shared pre-encoded envelopes are
 * never copied in the core: the transport either wraps a single slice as it is or gathers the slices into one
 * buffer. Not thread-safe while being built; immutable by convention once handed to {@link Outbound#write}.
 */
public final class SlicedFrame {
    private byte[][] arrays;
    private int[] offsets;
    private int[] lengths;
    private int count;
    private int totalBytes;

    /** An empty frame with room for four slices before it grows. */
    public SlicedFrame() {
        this(4);
    }

    /** An empty frame with room for {@code slices} slices before it grows (at least one). */
    public SlicedFrame(int slices) {
        int room = Math.max(1, slices);
        arrays = new byte[room][];
        offsets = new int[room];
        lengths = new int[room];
    }

    /** Appends a slice (not copied: the array must never change afterwards). */
    public SlicedFrame add(byte[] array, int offset, int length) {
        if (count == arrays.length) {
            arrays = Arrays.copyOf(arrays, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        arrays[count] = array;
        offsets[count] = offset;
        lengths[count] = length;
        count++;
        totalBytes += length;
        return this;
    }

    /** Appends a whole array. */
    public SlicedFrame add(byte[] array) {
        return add(array, 0, array.length);
    }

    /** Number of slices. */
    public int count() {
        return count;
    }

    /** The array of slice {@code i}. */
    public byte[] array(int i) {
        return arrays[i];
    }

    /** The offset of slice {@code i}. */
    public int offset(int i) {
        return offsets[i];
    }

    /** The length of slice {@code i}. */
    public int length(int i) {
        return lengths[i];
    }

    /** The frame's payload size in bytes. */
    public int totalBytes() {
        return totalBytes;
    }

    /** The payload as one array (a copy; for tests and logging). */
    public byte[] toBytes() {
        byte[] out = new byte[totalBytes];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(arrays[i], offsets[i], out, at, lengths[i]);
            at += lengths[i];
        }
        return out;
    }

    /** The payload as text (a copy; for tests and logging). */
    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
