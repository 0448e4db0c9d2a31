package io.metricsstreamer.transport.connection;

import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.transport.compression.FrameCompression;
import io.metricsstreamer.transport.compression.FrameDeflater;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a delivery frame into the bytes of a complete WebSocket text frame (server frames are unmasked, so the bytes
 * are the same for every client) in one pooled direct buffer per loop, and hands each client a retained duplicate of
 * it. Clients of the same view receive the same {@link SlicedFrame} instance one after the other, so the frame is
 * encoded once per loop and written to every socket without a copy; the WebSocket encoder lets a plain buffer pass.
 * The frame buffer comes from Netty's pooled allocator, whose duplicates are recycled objects: a client's copy of a
 * shared frame allocates nothing, which costs less CPU per delivered metric than the adaptive allocator's new
 * duplicates (measured: docs/benchmarks/LOG.md). One instance per event loop thread; called only there.
 *
 * <p>Clients that negotiated permessage-deflate get their frames from a second instance of the loop
 * ({@link #deflating}): a frame of at least the minimum size is written with its compressed payload, which
 * {@link FrameDeflater} makes once for the whole server, and RSV1 set; a smaller one is the plain frame, the very
 * buffer plain clients get. Both kinds of client thus share framed bytes with every client of their kind.
 */
final class WireFrameCache {
    private static final FastThreadLocal<WireFrameCache> PER_LOOP = new PerLoop();
    private static final FastThreadLocal<WireFrameCache> PER_LOOP_DEFLATING = new PerLoop();
    private static final int FIN_TEXT = 0x81;
    /** FIN, RSV1 (the message is compressed: RFC 7692 section 6), text. */
    private static final int FIN_TEXT_COMPRESSED = 0xC1;
    private static final int RSV1 = 0x40;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    /** Most frames kept framed per loop: a delivery chunk (at most 512 metrics) with room to spare. */
    static final int MAX_FRAMES = 1024;
    /** Most bytes kept framed per loop; the newest frame is kept whatever its size. */
    static final long MAX_BYTES = 4L << 20;
    /** Recent frame sequences kept framed per loop: one per distinct view of a chunk, for a handful of views. */
    static final int SEQUENCES = 16;
    /**
     * Largest framed sequence kept for other clients; a larger one (a lagging client's catch-up, which nobody shares)
     * goes to its client alone. Bounds what the kept sequences hold to {@code SEQUENCES} times this per loop.
     */
    static final int MAX_KEPT_SEQUENCE = 1024 * 1024;
    /**
     * Bytes the kept sequences may hold together per loop, as {@link #MAX_BYTES} bounds the single frames: with
     * large metrics every sequence is large, and sixteen of them would hold a loop's share of direct memory for
     * frames most clients have long been sent.
     */
    static final long MAX_SEQUENCE_BYTES = 4L << 20;
    /** Framed sizes past which a buffer is built from pooled pieces ({@link PooledPieces}), not in one piece. */
    static final int LARGE = 1024 * 1024;

    private final Map<SlicedFrame, ByteBuf> framed = new IdentityHashMap<>();
    private final ArrayDeque<SlicedFrame> order = new ArrayDeque<>();
    private long framedBytes;
    private SlicedFrame lastFrame;
    private ByteBuf lastBuffer;
    private final SlicedFrame[][] sequenceFrames = new SlicedFrame[SEQUENCES][];
    private final int[] sequenceCounts = new int[SEQUENCES];
    private final ByteBuf[] sequenceBuffers = new ByteBuf[SEQUENCES];
    private int nextSequence;
    private int lastSequence = -1;
    private long sequenceBytes;
    /** Where framed bytes are allocated: Netty's pooled allocator, or what a test put in its place on its thread. */
    private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    /** Where a frame up to {@link #LARGE} bytes is assembled before its one copy into direct memory. */
    private final Scratch scratch = new Scratch();
    /** How frames are compressed for the clients this instance frames for; null: they get plain frames. */
    private FrameCompression compression;
    /** The compressed payload of each frame being framed (null: plain), during {@link #encode}. */
    private byte[][] payloads = new byte[16][];
    /** How many compressed frames each kept sequence holds. */
    private final int[] sequenceCompressed = new int[SEQUENCES];
    /** How many compressed frames the buffer returned last holds. */
    private int lastCompressed;

    /** One instance per loop thread, made on first use; what it kept goes back to the pool when the thread ends. */
    private static final class PerLoop extends FastThreadLocal<WireFrameCache> {
        @Override
        protected WireFrameCache initialValue() {
            return new WireFrameCache();
        }

        @Override
        protected void onRemoval(WireFrameCache frames) {
            frames.releaseAll();
        }
    }

    private void releaseAll() {
        framed.values().forEach(ByteBuf::release);
        framed.clear();
        order.clear();
        framedBytes = 0;
        lastFrame = null;
        lastBuffer = null;
        for (int slot = 0; slot < SEQUENCES; slot++) {
            releaseSequence(slot);
            sequenceFrames[slot] = null;
        }
        lastSequence = -1;
    }

    /**
     * Frames on this thread from now on with {@code allocator} (tests: an allocator that fails as direct memory
     * running out does), after releasing what is kept.
     */
    static void allocateOnThisThreadWith(ByteBufAllocator allocator) {
        for (WireFrameCache cache : List.of(PER_LOOP.get(), PER_LOOP_DEFLATING.get())) {
            cache.releaseAll();
            cache.allocator = allocator;
        }
    }

    /**
     * Releases this loop's kept framed bytes (direct memory ran out: what the cache holds is only there to be shared,
     * and a delivery that needs the memory comes first). On the loop's thread.
     */
    static void releaseLoopCache() {
        if (PER_LOOP.isSet()) {
            PER_LOOP.get().releaseAll();
        }
        if (PER_LOOP_DEFLATING.isSet()) {
            PER_LOOP_DEFLATING.get().releaseAll();
        }
    }

    /** This loop's frames for clients that did not negotiate compression. */
    static WireFrameCache plain() {
        return PER_LOOP.get();
    }

    /** This loop's frames for clients that negotiated permessage-deflate, compressed as {@code compression} says. */
    static WireFrameCache deflating(FrameCompression compression) {
        WireFrameCache cache = PER_LOOP_DEFLATING.get();
        if (!compression.equals(cache.compression)) {
            // Another server's settings on this thread (tests): what was framed with the old ones goes.
            cache.releaseAll();
            cache.compression = compression;
        }
        return cache;
    }

    /** The framed bytes of {@code frame} for one more plain client; the caller owns (and writes) the buffer. */
    static ByteBuf framed(SlicedFrame frame) {
        return plain().frame(frame);
    }

    /** How many compressed frames the buffer this instance returned last holds (for the statistics). */
    int lastCompressed() {
        return lastCompressed;
    }

    /**
     * A loop writes a chunk's frames to one client after the other, so the frames of a chunk are kept framed until
     * newer ones push them out (oldest first, bounded in count and bytes).
     */
    ByteBuf frame(SlicedFrame frame) {
        if (compression != null && frame.totalBytes() < compression.minBytes()) {
            // Sent plain: the plain clients' buffer is these very bytes.
            lastCompressed = 0;
            return plain().frame(frame);
        }
        if (frame != lastFrame) {
            ByteBuf buf = framed.get(frame);
            if (buf == null) {
                buf = encode(frame);
                framed.put(frame, buf);
                order.addLast(frame);
                framedBytes += buf.readableBytes();
                while (order.size() > 1 && (order.size() > MAX_FRAMES || framedBytes > MAX_BYTES)) {
                    ByteBuf old = framed.remove(order.pollFirst());
                    framedBytes -= old.readableBytes();
                    old.release();
                }
            }
            lastFrame = frame;
            lastBuffer = buf;
        }
        lastCompressed = compression != null && (lastBuffer.getByte(lastBuffer.readerIndex()) & RSV1) != 0 ? 1 : 0;
        return lastBuffer.retainedDuplicate();
    }

    /**
     * The framed bytes of several delivery frames, one after the other, for one more client: a client that gets
     * several deliveries in one loop task gets them as one buffer, one write. The loop's clients of the same view
     * get the same sequence, so it is concatenated once per loop ({@link #SEQUENCES} recent ones of at most
     * {@link #MAX_KEPT_SEQUENCE} bytes are kept).
     */
    static ByteBuf framedSequence(SlicedFrame[] frames, int count) {
        return plain().sequence(frames, count);
    }

    /** As {@link #framedSequence}, for a client of this instance. */
    ByteBuf sequence(SlicedFrame[] frames, int count) {
        int slot = findSequence(frames, count);
        if (slot < 0) {
            ByteBuf framed = encode(frames, count);
            if (framed.readableBytes() > MAX_KEPT_SEQUENCE) {
                return framed;
            }
            slot = nextSequence;
            nextSequence = (nextSequence + 1) % SEQUENCES;
            releaseSequence(slot);
            SlicedFrame[] kept = sequenceFrames[slot];
            if (kept == null || kept.length < count) {
                kept = new SlicedFrame[Math.max(count, 16)];
                sequenceFrames[slot] = kept;
            }
            System.arraycopy(frames, 0, kept, 0, count);
            sequenceCounts[slot] = count;
            sequenceCompressed[slot] = lastCompressed;
            sequenceBuffers[slot] = framed;
            sequenceBytes += framed.readableBytes();
            // Over the byte bound, the oldest others go (the ring's next slots are the oldest).
            for (int older = nextSequence; sequenceBytes > MAX_SEQUENCE_BYTES && older != slot;
                    older = (older + 1) % SEQUENCES) {
                releaseSequence(older);
            }
        }
        lastSequence = slot;
        lastCompressed = sequenceCompressed[slot];
        return sequenceBuffers[slot].retainedDuplicate();
    }

    /** Releases the sequence kept in {@code slot}, if any, and forgets its frames (they hold metrics' bytes). */
    private void releaseSequence(int slot) {
        if (sequenceBuffers[slot] != null) {
            sequenceBytes -= sequenceBuffers[slot].readableBytes();
            sequenceBuffers[slot].release();
            sequenceBuffers[slot] = null;
            Arrays.fill(sequenceFrames[slot], 0, sequenceCounts[slot], null);
            sequenceCounts[slot] = 0;
            if (lastSequence == slot) {
                lastSequence = -1;
            }
        }
    }

    /** The slot holding exactly this sequence (the last one used first), or -1. */
    private int findSequence(SlicedFrame[] frames, int count) {
        if (lastSequence >= 0 && sameSequence(lastSequence, frames, count)) {
            return lastSequence;
        }
        for (int slot = 0; slot < SEQUENCES; slot++) {
            if (slot != lastSequence && sameSequence(slot, frames, count)) {
                return slot;
            }
        }
        return -1;
    }

    private boolean sameSequence(int slot, SlicedFrame[] frames, int count) {
        if (sequenceBuffers[slot] == null || sequenceCounts[slot] != count) {
            return false;
        }
        SlicedFrame[] kept = sequenceFrames[slot];
        for (int i = count - 1; i >= 0; i--) {
            if (kept[i] != frames[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where framed bytes are written: one pooled buffer, or pooled pieces. */
    private interface Sink {
        void write(byte[] array, int offset, int length);
    }

    /**
     * A heap array a frame is assembled in: a frame has dozens of small slices (a metric, a separator, a header),
     * and each copy into direct memory pays Unsafe's argument checks, while copying between arrays is intrinsic.
     */
    private static final class Scratch implements Sink {
        private byte[] bytes = new byte[64 * 1024];
        private int length;

        void reset(int capacity) {
            if (bytes.length < capacity) {
                bytes = new byte[Math.max(capacity, Math.min(LARGE, bytes.length * 2))];
            }
            length = 0;
        }

        @Override
        public void write(byte[] array, int offset, int count) {
            System.arraycopy(array, offset, bytes, length, count);
            length += count;
        }
    }

    /** A WebSocket text frame (FIN, no mask) holding the frame's slices. */
    private ByteBuf encode(SlicedFrame frame) {
        return encode(new SlicedFrame[] {frame}, 1);
    }

    /**
     * The frames' WebSocket text frames, one after the other, in one buffer; compressed where this instance compresses
     * ({@link #lastCompressed} says how many are).
     */
    private ByteBuf encode(SlicedFrame[] frames, int count) {
        if (payloads.length < count) {
            payloads = new byte[Math.max(count, payloads.length * 2)][];
        }
        long length = 0;
        int compressed = 0;
        for (int i = 0; i < count; i++) {
            payloads[i] = compression == null ? null : FrameDeflater.compressed(frames[i], compression);
            compressed += payloads[i] != null ? 1 : 0;
            length += framedLength(frames[i], payloads[i]);
        }
        lastCompressed = compressed;
        byte[] header = new byte[10];
        try {
            if (length <= LARGE) {
                scratch.reset((int) length);
                for (int i = 0; i < count; i++) {
                    writeFramed(scratch, header, frames[i], payloads[i]);
                }
                ByteBuf buf = allocator.directBuffer((int) length);
                buf.writeBytes(scratch.bytes, 0, scratch.length);
                return buf;
            }
            PooledPieces pieces = new PooledPieces(allocator);
            try {
                for (int i = 0; i < count; i++) {
                    writeFramed(pieces::write, header, frames[i], payloads[i]);
                }
            } catch (RuntimeException | Error e) {
                // Direct memory ran out part way: the pieces allocated so far go back to the pool.
                pieces.discard();
                throw e;
            }
            return pieces.finish();
        } finally {
            Arrays.fill(payloads, 0, count, null);
        }
    }

    /** The frame's bytes on the wire: its header, then its payload, or {@code compressed} in its place. */
    private static int framedLength(SlicedFrame frame, byte[] compressed) {
        int length = compressed != null ? compressed.length : frame.totalBytes();
        return (length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10) + length;
    }

    private static void writeFramed(Sink sink, byte[] header, SlicedFrame frame, byte[] compressed) {
        int length = compressed != null ? compressed.length : frame.totalBytes();
        header[0] = (byte) (compressed != null ? FIN_TEXT_COMPRESSED : FIN_TEXT);
        int n;
        if (length < LENGTH_16) {
            header[1] = (byte) length;
            n = 2;
        } else if (length <= 0xFFFF) {
            header[1] = LENGTH_16;
            header[2] = (byte) (length >>> 8);
            header[3] = (byte) length;
            n = 4;
        } else {
            header[1] = LENGTH_64;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
            n = 10;
        }
        sink.write(header, 0, n);
        if (compressed != null) {
            sink.write(compressed, 0, compressed.length);
            return;
        }
        for (int i = 0; i < frame.count(); i++) {
            sink.write(frame.array(i), frame.offset(i), frame.length(i));
        }
    }
}
