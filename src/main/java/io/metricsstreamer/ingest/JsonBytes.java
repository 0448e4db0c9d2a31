package io.metricsstreamer.ingest;

import java.util.Arrays;

/**
 * A growable buffer of compact JSON bytes, written piece by piece by the line protocol parser: one point's data at
 * a time ({@link #reset}, then pieces, then {@link #toArray}). Strings are copied from UTF-8 bytes with the escapes
 * JSON requires (quote, backslash, control characters); the bytes of multi-byte characters pass as they are. Not
 * thread-safe: one per parse.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] buf = new byte[256];
    private int size;

    /** Empties the buffer. */
    void reset() {
        size = 0;
    }

    /** The bytes written since the last {@link #reset}, as a new array. */
    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Appends one byte as it is. */
    void raw(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    /** Appends {@code src[from, to)} as it is. */
    void raw(byte[] src, int from, int to) {
        ensure(to - from);
        System.arraycopy(src, from, buf, size, to - from);
        size += to - from;
    }

    /** Appends {@code src[from, to)}, UTF-8, as a JSON string. */
    void string(byte[] src, int from, int to) {
        raw('"');
        stringBody(src, from, to);
        raw('"');
    }

    /** Appends {@code src[from, to)}, UTF-8, as the inside of a JSON string: escaped, without quotes. */
    void stringBody(byte[] src, int from, int to) {
        ensure(to - from);
        for (int i = from; i < to; i++) {
            int c = src[i] & 0xff;
            if (c == '"' || c == '\\') {
                ensure(2 + to - i);
                buf[size++] = '\\';
                buf[size++] = (byte) c;
            } else if (c < 0x20) {
                ensure(6 + to - i);
                buf[size++] = '\\';
                buf[size++] = 'u';
                buf[size++] = '0';
                buf[size++] = '0';
                buf[size++] = HEX[c >> 4];
                buf[size++] = HEX[c & 0xf];
            } else {
                buf[size++] = (byte) c;
            }
        }
    }

    /** Appends a whole number. */
    void number(long value) {
        if (value == Long.MIN_VALUE) {
            byte[] text = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            raw(text, 0, text.length);
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
