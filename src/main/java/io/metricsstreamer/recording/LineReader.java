package io.metricsstreamer.recording;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-terminated lines of bytes from a stream, telling a complete line from a last one cut short. Not
 * thread-safe.
 */
final class LineReader {
    private static final int CHUNK = 64 * 1024;
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean overlong;

    /** What {@link #next} found. */
    enum Result {
        /** A complete line: {@link #line()} and {@link #length()} hold it, without its newline. */
        LINE,
        /** A complete line longer than the limit: skipped. */
        OVERLONG,
        /** The stream ended in the middle of a line: {@link #length()} bytes of it were read. */
        CUT,
        /** The stream ended after a newline (or was empty). */
        END
    }

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line. @throws IOException from the stream (a cut gzip stream throws, as does a corrupt one) */
    Result next() throws IOException {
        lineLength = 0;
        overlong = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk, 0, CHUNK);
                if (n < 0) {
                    return lineLength == 0 && !overlong ? Result.END : Result.CUT;
                }
                chunkPos = 0;
                chunkEnd = n;
            }
            int start = chunkPos;
            int nl = -1;
            for (int i = start; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? chunkEnd : nl;
            append(start, end);
            chunkPos = nl < 0 ? chunkEnd : nl + 1;
            if (nl >= 0) {
                return overlong ? Result.OVERLONG : Result.LINE;
            }
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (overlong || lineLength + n > maxLineBytes) {
            overlong = true;
            return;
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(chunk, from, line, lineLength, n);
        lineLength += n;
    }

    /** The bytes of the line read last (valid up to {@link #length()}, until the next call). */
    byte[] line() {
        return line;
    }

    /** The length of the line read last. */
    int length() {
        return lineLength;
    }
}
