package io.metricsstreamer.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A client's side of permessage-deflate's framing (RFC 7692 section 7.2), written independently of the server's code
 * so that tests check the server against the RFC and not against itself: compressing a message (raw deflate,
 * SYNC_FLUSH, the last four bytes {@code 00 00 ff ff} removed) and inflating one (those bytes put back). Each
 * instance is one direction of one connection, keeping its LZ77 context between messages unless told not to. Not
 * thread-safe; call {@link #close()} to free its zlib memory.
 */
public final class PerMessageDeflate implements AutoCloseable {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    private final boolean noContextTakeover;

    /** Compresses (and inflates) each message alone when {@code noContextTakeover}, else in one stream. */
    public PerMessageDeflate(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /** {@code message} compressed as a permessage-deflate payload. */
    public byte[] compress(byte[] message) {
        if (noContextTakeover) {
            deflater.reset();
        }
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL.length);
    }

    /** A permessage-deflate payload inflated; throws IllegalArgumentException when it does not inflate. */
    public byte[] inflate(byte[] payload) {
        if (noContextTakeover) {
            inflater.reset();
        }
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (!inflater.needsInput() && !inflater.finished()) {
                int n = inflater.inflate(buf);
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a deflate stream", e);
        }
        return out.toByteArray();
    }

    /** Compresses {@code message} alone (no context). */
    public static byte[] compressAlone(byte[] message) {
        try (PerMessageDeflate d = new PerMessageDeflate(true)) {
            return d.compress(message);
        }
    }

    /** Inflates a payload compressed alone. */
    public static byte[] inflateAlone(byte[] payload) {
        try (PerMessageDeflate d = new PerMessageDeflate(true)) {
            return d.inflate(payload);
        }
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
