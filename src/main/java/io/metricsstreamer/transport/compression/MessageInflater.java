package io.metricsstreamer.transport.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the compressed messages of clients that negotiated permessage-deflate (RFC 7692 section 7.2.2: the
 * message's bytes, then {@code 00 00 ff ff}), with one inflater per event loop, reset for each message: a client that
 * keeps its LZ77 context brings it along as a {@link ClientContext}. The output is bounded: inflating stops as soon
 * as it passes the largest message the server accepts, so a small message that would inflate to gigabytes (a
 * deflate bomb) costs the server that bound and no more, and is refused as an oversize message is. One instance per
 * event loop thread; called only there. Its inflater is ended when the thread ends.
 */
public final class MessageInflater {
    private static final FastThreadLocal<MessageInflater> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected MessageInflater initialValue() {
            return new MessageInflater();
        }

        @Override
        protected void onRemoval(MessageInflater value) {
            value.end();
        }
    };
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final byte[] NOTHING = {};
    /** Output buffer kept between messages; a larger one (a large message) is let go after use. */
    static final int KEPT_OUTPUT = 64 * 1024;

    private final Inflater inflater = ZlibStreams.inflater();
    private byte[] out = new byte[4 * 1024];

    private MessageInflater() {
    }

    /**
     * Inflates one compressed message, {@code compressed} (its payload, every fragment joined), for a client whose
     * context is {@code context} (null: it compresses each message alone), on this loop's inflater.
     *
     * @return the message's bytes, in a buffer that is only valid until the next call on this loop (the caller reads
     *         it at once and does not release it), or null when they are more than {@code maxBytes}
     * @throws DataFormatException when the bytes are not a deflate stream (the context is then left unchanged)
     */
    public static ByteBuf inflate(ByteBuf compressed, ClientContext context, int maxBytes)
            throws DataFormatException {
        return PER_LOOP.get().run(compressed, context, maxBytes);
    }

    private ByteBuf run(ByteBuf compressed, ClientContext context, int maxBytes) throws DataFormatException {
        inflater.reset();
        try {
            if (context != null) {
                context.prime(inflater);
            }
            ByteBuffer in = compressed.nioBuffer();
            inflater.setInput(in);
            int n = drain(0, maxBytes);
            if (n >= 0 && !inflater.finished()) {
                inflater.setInput(TAIL);
                n = drain(n, maxBytes);
            }
            if (n < 0) {
                return null;
            }
            if (context != null) {
                context.append(out, 0, n);
            }
            ByteBuf message = Unpooled.wrappedBuffer(out, 0, n);
            if (out.length > KEPT_OUTPUT) {
                out = new byte[KEPT_OUTPUT];
            }
            return message;
        } finally {
            // Lets go of the caller's buffer, which is released once the message is handled.
            inflater.setInput(NOTHING);
        }
    }

    /**
     * Inflates the current input after the {@code n} bytes already in {@link #out}; the total, or -1 as soon as it
     * passes {@code maxBytes} (the rest of the input is never read).
     */
    private int drain(int n, int maxBytes) throws DataFormatException {
        while (!inflater.finished() && !inflater.needsInput()) {
            if (n == out.length) {
                if (n > maxBytes) {
                    return -1;
                }
                out = Arrays.copyOf(out, (int) Math.min((long) maxBytes + 1, 2L * out.length));
            }
            int produced = inflater.inflate(out, n, out.length - n);
            n += produced;
            if (n > maxBytes) {
                return -1;
            }
            if (produced == 0 && n < out.length && !inflater.finished() && !inflater.needsInput()) {
                throw new DataFormatException("the stream asks for a dictionary");
            }
        }
        return n;
    }

    private void end() {
        ZlibStreams.end(inflater);
    }
}
