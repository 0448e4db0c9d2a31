package io.metricsstreamer.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the bench needs from a text frame without parsing JSON, as the C harness does with {@code memmem}: one
 * pass finds every {@code "seq"}, {@code "sent_us"}, {@code "skipped_offers"} and {@code "dropped"} key and reads
 * the integer after it. A
 * {@code metric_update} has one {@code seq}, a {@code metric_batch} one per envelope, control replies none; the
 * bench's publisher puts exactly one {@code sent_us} in each metric's data and names no data key {@code seq}.
 * Frames without a {@code seq} are classified by their {@code type}. A frame can be scanned whole ({@link #scan})
 * or piece by piece as it arrives ({@link #scanPiece}). Stateless and thread-safe.
 */
public final class FrameScanner {
    /** What a frame was. */
    public enum Kind {
        /** It carried at least one metric ({@code metric_update} or {@code metric_batch}). */
        METRICS,
        /** {@code welcome}. */
        WELCOME,
        /** {@code subscription_confirmed}. */
        SUBSCRIBED,
        /** {@code filters_updated}. */
        FILTERS_UPDATED,
        /** {@code error}. */
        ERROR,
        /** {@code replay_complete}. */
        REPLAY_COMPLETE,
        /** Anything else ({@code pong}, {@code update_interval_set}, unknown). */
        OTHER
    }

    /** Receives the values found in one frame, in frame order. */
    public interface Sink {
        /** A metric's {@code seq}. */
        void seq(long seq);

        /** A metric's {@code sent_us}. */
        void sentUs(long sentUs);

        /** The frame's {@code dropped} count. */
        void dropped(long dropped);

        /** A metric's {@code skipped_offers} (the publisher's marker; it comes before that metric's sent_us). */
        void skippedOffers(long skipped);
    }

    private static final byte[] SEQ = bytes("seq\"");
    private static final byte[] SENT_US = bytes("sent_us\"");
    private static final byte[] DROPPED = bytes("dropped\"");
    private static final byte[] SKIPPED = bytes("skipped_offers\"");
    private static final byte[] SUBSCRIBED = bytes("\"subscription_confirmed\"");
    private static final byte[] FILTERS_UPDATED = bytes("\"filters_updated\"");
    private static final byte[] WELCOME = bytes("\"welcome\"");
    private static final byte[] ERROR = bytes("\"error\"");
    private static final byte[] REPLAY_COMPLETE = bytes("\"replay_complete\"");
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** Separators (spaces, tabs, the colon, a quote) read between a key and its number, at most. */
    private static final int MAX_SEPARATORS = 8;
    /** The most digits read of a number. */
    private static final int MAX_DIGITS = 18;
    /**
     * The most bytes a piece's end can cut from a key and its value: the quote, the longest key, the separators and
     * the digits {@link #intAfter} reads. Whatever starts earlier in a piece lies whole within it.
     */
    public static final int MAX_CUT = 1 + SKIPPED.length + MAX_SEPARATORS + MAX_DIGITS;

    private FrameScanner() {
    }

    /**
     * Scans {@code len} bytes of UTF-8 JSON at {@code off}, a whole frame, reporting values to {@code sink} (for
     * tests: the bench clients scan frames piece by piece as they arrive, with {@link #scanPiece}).
     */
    public static Kind scan(byte[] b, int off, int len, Sink sink) {
        SeqCounter counted = new SeqCounter(sink);
        scanPiece(b, off, off + len, true, counted);
        return counted.seqs > 0 ? Kind.METRICS : classify(b, off, off + len);
    }

    /**
     * Scans {@code [off, end)}, a piece of a frame that later bytes may continue (a client reads a frame as it
     * arrives, never holding it whole): reports every key whose value is complete in the piece, and returns where
     * the next scan must resume. The bytes from there to {@code end} (at most {@link #MAX_CUT}: a key or number the
     * piece's end may have cut) go in front of the next piece. With {@code last} the piece ends the frame: it is
     * scanned to its end, which is returned.
     */
    public static int scanPiece(byte[] b, int off, int end, boolean last, Sink sink) {
        int safeEnd = last ? end : end - MAX_CUT;
        int i = off;
        while (i < end) {
            if (i + Long.BYTES <= end) {
                // Eight bytes at a time: most of a frame is not a quote.
                long x = (long) LONGS.get(b, i) ^ QUOTES;
                long quotes = (x - ONES) & ~x & HIGHS;
                if (quotes == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(quotes) >>> 3;
            } else if (b[i] != '"') {
                i++;
                continue;
            }
            if (i >= safeEnd) {
                return i;
            }
            i = afterQuote(b, i, end, sink) + 1;
        }
        return end;
    }

    /** Reads the key at the quote at {@code i} if it is one of ours; returns the last position examined. */
    private static int afterQuote(byte[] b, int i, int end, Sink sink) {
        if (i + 1 >= end) {
            return i;
        }
        byte c = b[i + 1];
        if (c == 's') {
            if (matches(b, i + 1, end, SEQ)) {
                i += SEQ.length;
                long v = intAfter(b, i + 1, end);
                if (v >= 0) {
                    sink.seq(v);
                }
            } else if (matches(b, i + 1, end, SENT_US)) {
                i += SENT_US.length;
                long v = intAfter(b, i + 1, end);
                if (v >= 0) {
                    sink.sentUs(v);
                }
            } else if (matches(b, i + 1, end, SKIPPED)) {
                i += SKIPPED.length;
                long v = intAfter(b, i + 1, end);
                if (v > 0) {
                    sink.skippedOffers(v);
                }
            }
        } else if (c == 'd' && matches(b, i + 1, end, DROPPED)) {
            i += DROPPED.length;
            long v = intAfter(b, i + 1, end);
            if (v > 0) {
                sink.dropped(v);
            }
        }
        return i;
    }

    /** What a frame was, from its first bytes, when it carried no {@code seq}. */
    public static Kind classify(byte[] b, int off, int end) {
        if (indexOf(b, off, end, SUBSCRIBED) >= 0) {
            return Kind.SUBSCRIBED;
        }
        if (indexOf(b, off, end, FILTERS_UPDATED) >= 0) {
            return Kind.FILTERS_UPDATED;
        }
        if (indexOf(b, off, end, WELCOME) >= 0) {
            return Kind.WELCOME;
        }
        if (indexOf(b, off, end, REPLAY_COMPLETE) >= 0) {
            return Kind.REPLAY_COMPLETE;
        }
        return indexOf(b, off, end, ERROR) >= 0 ? Kind.ERROR : Kind.OTHER;
    }

    /** Scans a whole array (for tests). */
    public static Kind scan(byte[] b, Sink sink) {
        return scan(b, 0, b.length, sink);
    }

    /**
     * The non-negative integer after a key (skipping up to {@link #MAX_SEPARATORS} spaces, tabs, the colon and an
     * opening quote; reading up to {@link #MAX_DIGITS} digits), or -1.
     */
    static long intAfter(byte[] b, int from, int end) {
        int p = from;
        int separatorsEnd = Math.min(end, from + MAX_SEPARATORS);
        while (p < separatorsEnd && (b[p] == ' ' || b[p] == ':' || b[p] == '\t' || b[p] == '"')) {
            p++;
        }
        long v = 0;
        int start = p;
        while (p < end && b[p] >= '0' && b[p] <= '9' && p - start < MAX_DIGITS) {
            v = v * 10 + (b[p] - '0');
            p++;
        }
        return p > start ? v : -1;
    }

    private static boolean matches(byte[] b, int at, int end, byte[] needle) {
        if (at + needle.length > end) {
            return false;
        }
        for (int k = 0; k < needle.length; k++) {
            if (b[at + k] != needle[k]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int off, int end, byte[] needle) {
        for (int i = off; i + needle.length <= end; i++) {
            if (b[i] == needle[0] && matches(b, i, end, needle)) {
                return i;
            }
        }
        return -1;
    }

    /** Counts the {@code seq}s passed on (for {@link #scan}). */
    private static final class SeqCounter implements Sink {
        private final Sink sink;
        private int seqs;

        SeqCounter(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void seq(long seq) {
            seqs++;
            sink.seq(seq);
        }

        @Override
        public void sentUs(long sentUs) {
            sink.sentUs(sentUs);
        }

        @Override
        public void dropped(long dropped) {
            sink.dropped(dropped);
        }

        @Override
        public void skippedOffers(long skipped) {
            sink.skippedOffers(skipped);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
