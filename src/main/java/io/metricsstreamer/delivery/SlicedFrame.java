package io.metricsstreamer.delivery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One WebSocket text frame described as a list of byte-array slices, so that shared pre-encoded envelopes are
 * never copied in the core: the transport either wraps a single slice as it is or gathers the slices into one
 * buffer. Not thread-safe while being built; immutable by convention once handed to {@link Outbound#write}.
 */
public final class SlicedFrame {
    private static final byte[][] NO_ARRAYS = {};
    private static final int[] NO_INTS = {};
    private static final VarHandle COMPRESSED;

    static {
        try {
            COMPRESSED = MethodHandles.lookup().findVarHandle(SlicedFrame.class, "compressed", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The first slice is held in fields and only the later ones in arrays: every published metric keeps a frame of
    // one slice for as long as the history retains it, and three arrays of one element each took twice the room of
    // the frame object (measured: docs/benchmarks/LOG.md, item 40).
    private byte[] firstArray;
    private int firstOffset;
    private int firstLength;
    /** Slices 1 to {@code count - 1}, at index {@code i - 1}. */
    private byte[][] arrays;
    private int[] offsets;
    private int[] lengths;
    private int count;
    private int totalBytes;
    /**
     * What the transport attached: the payload compressed once for every client that negotiated compression, or one
     * of its markers. Set and cleared by compare-and-set from any event loop (a frame is shared by every loop); the
     * core never reads it. In the room the object's alignment left free: the frame costs no more for it.
     */
    @SuppressWarnings("unused") // through COMPRESSED
    private volatile byte[] compressed;

    /** An empty frame with room for four slices before it grows. */
    public SlicedFrame() {
        this(4);
    }

    /** An empty frame with room for {@code slices} slices before it grows (at least one). */
    public SlicedFrame(int slices) {
        int rest = Math.max(1, slices) - 1;
        arrays = rest == 0 ? NO_ARRAYS : new byte[rest][];
        offsets = rest == 0 ? NO_INTS : new int[rest];
        lengths = rest == 0 ? NO_INTS : new int[rest];
    }

    /** Appends a slice (not copied: the array must never change afterwards). */
    public SlicedFrame add(byte[] array, int offset, int length) {
        if (count == 0) {
            firstArray = array;
            firstOffset = offset;
            firstLength = length;
        } else {
            int i = count - 1;
            if (i == arrays.length) {
                int room = Math.max(3, i * 2);
                arrays = Arrays.copyOf(arrays, room);
                offsets = Arrays.copyOf(offsets, room);
                lengths = Arrays.copyOf(lengths, room);
            }
            arrays[i] = array;
            offsets[i] = offset;
            lengths[i] = length;
        }
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
        return i == 0 ? firstArray : arrays[i - 1];
    }

    /** The offset of slice {@code i}. */
    public int offset(int i) {
        return i == 0 ? firstOffset : offsets[i - 1];
    }

    /** The length of slice {@code i}. */
    public int length(int i) {
        return i == 0 ? firstLength : lengths[i - 1];
    }

    /** The frame's payload size in bytes. */
    public int totalBytes() {
        return totalBytes;
    }

    /**
     * The compressed form of the payload the transport attached ({@link #compareAndSetCompressed}), or null. The
     * delivery core never reads it: it only travels with the frame, so that every loop writing the frame finds it.
     */
    public byte[] compressed() {
        return (byte[]) COMPRESSED.getAcquire(this);
    }

    /**
     * Attaches {@code update} in place of {@code expected} (by identity) when that is what is attached; true when it
     * was. Any thread.
     */
    public boolean compareAndSetCompressed(byte[] expected, byte[] update) {
        return COMPRESSED.compareAndSet(this, expected, update);
    }

    /** The payload as one array (a copy; for tests and logging). */
    public byte[] toBytes() {
        byte[] out = new byte[totalBytes];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(array(i), offset(i), out, at, length(i));
            at += length(i);
        }
        return out;
    }

    /** The payload as text (a copy; for tests and logging). */
    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
