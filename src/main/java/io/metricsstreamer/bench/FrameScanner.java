package io.metricsstreamer.bench;

import java.nio.charset.StandardCharsets;

/**
 * Reads what the bench needs from a text frame without parsing JSON, as the C harness does with {@code memmem}: one
 * pass finds every {@code "seq"}, {@code "sent_us"}, {@code "skipped_offers"} and {@code "dropped"} key and reads
 * the integer after it. A
 * {@code metric_update} has one {@code seq}, a {@code metric_batch} one per envelope, control replies none; the
 * bench's publisher puts exactly one {@code sent_us} in each metric's data and names no data key {@code seq}.
 * Frames without a {@code seq} are classified by their {@code type}. Stateless and thread-safe.
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

    private FrameScanner() {
    }

    /** Scans {@code len} bytes of UTF-8 JSON at {@code off}, reporting values to {@code sink}. */
    public static Kind scan(byte[] b, int off, int len, Sink sink) {
        int end = off + len;
        int seqs = 0;
        for (int i = off; i < end; i++) {
            if (b[i] != '"' || i + 1 >= end) {
                continue;
            }
            byte c = b[i + 1];
            if (c == 's') {
                if (matches(b, i + 1, end, SEQ)) {
                    i += SEQ.length;
                    long v = intAfter(b, i + 1, end);
                    if (v >= 0) {
                        sink.seq(v);
                        seqs++;
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
        }
        return seqs > 0 ? Kind.METRICS : classify(b, off, end);
    }

    /** Scans a whole array (convenience for tests and tools). */
    public static Kind scan(byte[] b, Sink sink) {
        return scan(b, 0, b.length, sink);
    }

    private static Kind classify(byte[] b, int off, int end) {
        if (indexOf(b, off, end, SUBSCRIBED) >= 0) {
            return Kind.SUBSCRIBED;
        }
        if (indexOf(b, off, end, FILTERS_UPDATED) >= 0) {
            return Kind.FILTERS_UPDATED;
        }
        if (indexOf(b, off, end, WELCOME) >= 0) {
            return Kind.WELCOME;
        }
        return indexOf(b, off, end, ERROR) >= 0 ? Kind.ERROR : Kind.OTHER;
    }

    /** The non-negative integer after a key (skipping spaces, the colon and an opening quote), or -1. */
    static long intAfter(byte[] b, int from, int end) {
        int p = from;
        while (p < end && (b[p] == ' ' || b[p] == ':' || b[p] == '\t' || b[p] == '"')) {
            p++;
        }
        long v = 0;
        int start = p;
        while (p < end && b[p] >= '0' && b[p] <= '9' && p - start < 18) {
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
