package io.metricsstreamer.transport.compression;

import io.metricsstreamer.stats.ServerStats;
import java.util.Objects;

/**
 * How one server compresses delivery frames for the clients that negotiated permessage-deflate: frames of at least
 * {@code minBytes} are compressed (smaller ones go plain: deflate's own overhead and its fixed cost per frame buy
 * nothing there), and each compression is counted in {@code stats}. Immutable.
 *
 * @param minBytes smallest payload compressed ({@code --compression-min-bytes})
 * @param stats    where compressions and compressed frames sent are counted
 */
public record FrameCompression(int minBytes, ServerStats stats) {
    /** Checks the arguments. */
    public FrameCompression {
        Objects.requireNonNull(stats, "stats");
        if (minBytes < 0) {
            throw new IllegalArgumentException("minBytes must be at least 0, was " + minBytes);
        }
    }
}
