package io.metricsstreamer.transport.compression;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Makes and ends the server's zlib streams, and counts those open: each holds native memory (about 260 KiB for a
 * deflater, 40 KiB for an inflater) that only {@code end()} returns, so every one must be ended, and the count lets
 * a test see that none is left behind. The server opens one deflater and one inflater per event loop, on demand, and
 * ends them when the loop's thread ends; none per connection. Thread-safe.
 */
final class ZlibStreams {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private ZlibStreams() {
    }

    /** A raw (no zlib header: RFC 7692 section 7.2.1) deflater at {@code level}. */
    static Deflater deflater(int level) {
        Deflater d = new Deflater(level, true);
        OPEN.incrementAndGet();
        return d;
    }

    /** A raw inflater. */
    static Inflater inflater() {
        Inflater i = new Inflater(true);
        OPEN.incrementAndGet();
        return i;
    }

    /** Ends {@code d}, returning its native memory. */
    static void end(Deflater d) {
        d.end();
        OPEN.decrementAndGet();
    }

    /** Ends {@code i}, returning its native memory. */
    static void end(Inflater i) {
        i.end();
        OPEN.decrementAndGet();
    }

    /** zlib streams made and not yet ended, in this JVM. */
    static int open() {
        return OPEN.get();
    }
}
