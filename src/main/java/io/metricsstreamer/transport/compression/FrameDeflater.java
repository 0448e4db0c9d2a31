package io.metricsstreamer.transport.compression;

import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.stats.ServerStats;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses delivery frames for the clients that negotiated permessage-deflate, once per frame for the whole server:
 * the compressed bytes are attached to the frame itself ({@link SlicedFrame#compareAndSetCompressed}), which every
 * client of the same view receives, on whichever event loop. The first loop to need a frame claims it, compresses it
 * on its own deflater and attaches the result; a loop that finds the frame claimed waits for that result (about the
 * time the compression itself would take) rather than compress it a second time, but not for long: a loop whose
 * claim is late (its thread lost its core) is not waited for past {@link #MAX_WAIT_NANOS}, and the waiting loop then
 * compresses the frame for its own clients (counted apart, as a repeated compression). Each frame is compressed alone
 * (the server answered {@code server_no_context_takeover}): the raw deflate of its payload, flushed with
 * {@code SYNC_FLUSH}, the final {@code 00 00 ff ff} removed (RFC 7692 section 7.2.1).
 *
 * <p>Memory: the loop that compressed a frame keeps track of it and takes its compressed bytes off again once
 * {@link #MAX_OWNED} newer frames (or {@link #MAX_OWNED_BYTES} of them) were compressed there, so frames that live
 * long (the history holds every metric's own frame) do not keep compressed copies that nothing bounds; every loop
 * writes a chunk's frames within that span, and a frame needed after it is compressed again. One deflater per event
 * loop thread, made on first use and ended when the thread ends.
 */
public final class FrameDeflater {
    /** zlib's default level: measured on the demo's traffic, close to the best ratio at little more CPU than 1. */
    static final int LEVEL = Deflater.DEFAULT_COMPRESSION;
    /** Frames whose compressed bytes a loop keeps attached, at most. */
    static final int MAX_OWNED = 1024;
    /** Payload bytes of the frames a loop keeps compressed bytes attached to (it holds the frames), at most. */
    static final long MAX_OWNED_BYTES = 4L << 20;
    /** Output kept between frames; a larger one (a large frame) is let go after use. */
    static final int KEPT_OUTPUT = 256 * 1024;
    /** Attached while a loop compresses the frame. */
    static final byte[] CLAIMED = new byte[0];
    /** Attached when the compressed payload is not smaller: the frame goes plain. */
    private static final byte[] NOT_SMALLER = new byte[0];
    private static final byte[] NOTHING = {};
    private static final int YIELD_EVERY = 256;
    /**
     * Longest a loop waits for another to finish compressing a frame: a hundred times what a large batch takes, so it
     * is only reached when that loop's thread lost its core (an oversubscribed host, a throttled container).
     */
    static final long MAX_WAIT_NANOS = 10_000_000;

    private static final FastThreadLocal<FrameDeflater> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected FrameDeflater initialValue() {
            return new FrameDeflater();
        }

        @Override
        protected void onRemoval(FrameDeflater value) {
            value.end();
        }
    };

    private final Deflater deflater = ZlibStreams.deflater(LEVEL);
    private byte[] out = new byte[16 * 1024];
    private final ArrayDeque<SlicedFrame> owned = new ArrayDeque<>();
    private final ArrayDeque<byte[]> ownedForms = new ArrayDeque<>();
    private long ownedBytes;

    private FrameDeflater() {
    }

    /**
     * The payload of {@code frame} as permessage-deflate sends it, compressed once for the whole server; null when
     * the frame goes plain: under {@code compression}'s minimum, or no smaller compressed. On an event loop.
     */
    public static byte[] compressed(SlicedFrame frame, FrameCompression compression) {
        if (frame.totalBytes() < compression.minBytes()) {
            return null;
        }
        byte[] form = frame.compressed();
        if (form == null || form == CLAIMED) {
            form = PER_LOOP.get().obtain(frame, form, compression.stats());
        }
        return form == NOT_SMALLER ? null : form;
    }

    /**
     * Claims and compresses {@code frame}, or waits for the loop that claimed it; the attached form. A wait is bounded
     * ({@link #MAX_WAIT_NANOS}): past it (the claiming loop's thread is off its core) this loop compresses the frame
     * itself, for its own clients, rather than hold them up for another loop's thread.
     */
    private byte[] obtain(SlicedFrame frame, byte[] seen, ServerStats stats) {
        byte[] form = seen;
        long waitingSince = 0;
        for (int spins = 1; ; spins++) {
            if (form == null) {
                if (frame.compareAndSetCompressed(null, CLAIMED)) {
                    return compressClaimed(frame, stats);
                }
            } else if (form != CLAIMED) {
                return form;
            } else if (spins % YIELD_EVERY == 0) {
                long now = System.nanoTime();
                if (waitingSince == 0) {
                    waitingSince = now;
                } else if (now - waitingSince > MAX_WAIT_NANOS) {
                    stats.onCompressionRepeated();
                    return deflate(frame);
                }
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
            form = frame.compressed();
        }
    }

    private byte[] compressClaimed(SlicedFrame frame, ServerStats stats) {
        byte[] done = null;
        try {
            done = deflate(frame);
        } finally {
            // On failure (no native memory) the claim is withdrawn: another loop, or this one later, tries again.
            frame.compareAndSetCompressed(CLAIMED, done);
        }
        stats.onFrameCompressed(frame.totalBytes(), done == NOT_SMALLER ? frame.totalBytes() : done.length);
        if (done != NOT_SMALLER) {
            own(frame, done);
        }
        return done;
    }

    /** Keeps {@code frame}'s attachment in check: the oldest this loop attached are taken off past the bounds. */
    private void own(SlicedFrame frame, byte[] form) {
        owned.addLast(frame);
        ownedForms.addLast(form);
        ownedBytes += frame.totalBytes();
        while (owned.size() > MAX_OWNED || ownedBytes > MAX_OWNED_BYTES && owned.size() > 1) {
            SlicedFrame old = owned.pollFirst();
            old.compareAndSetCompressed(ownedForms.pollFirst(), null);
            ownedBytes -= old.totalBytes();
        }
    }

    /** The raw deflate of the frame's payload, SYNC_FLUSH'd, without its last four bytes; or NOT_SMALLER. */
    private byte[] deflate(SlicedFrame frame) {
        deflater.reset();
        int n = 0;
        try {
            for (int i = 0; i < frame.count(); i++) {
                deflater.setInput(frame.array(i), frame.offset(i), frame.length(i));
                while (!deflater.needsInput()) {
                    n = room(n);
                    n += deflater.deflate(out, n, out.length - n, Deflater.NO_FLUSH);
                }
            }
            int produced;
            do {
                n = room(n);
                int free = out.length - n;
                produced = deflater.deflate(out, n, free, Deflater.SYNC_FLUSH);
                n += produced;
                if (produced < free) {
                    break;
                }
            } while (true);
        } finally {
            deflater.setInput(NOTHING); // the frame's arrays are not kept reachable from here
        }
        if (n >= 4 && out[n - 4] == 0 && out[n - 3] == 0 && out[n - 2] == (byte) 0xFF && out[n - 1] == (byte) 0xFF) {
            n -= 4;
        }
        byte[] compressed = n < frame.totalBytes() ? Arrays.copyOf(out, n) : NOT_SMALLER;
        if (out.length > KEPT_OUTPUT) {
            out = new byte[KEPT_OUTPUT];
        }
        return compressed;
    }

    /** {@code n}, with room after it in {@link #out}. */
    private int room(int n) {
        if (n == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        return n;
    }

    /**
     * Ends the deflater (the loop's thread ends: the server stops). The compressed bytes it attached stay: other loops
     * may still be writing those frames, and the frames go with the server.
     */
    private void end() {
        ZlibStreams.end(deflater);
    }
}
