package io.metricsstreamer.stats;

/**
 * What compression did since start, as the statistics' {@code compression} object gives it. Immutable; serialised
 * with snake_case names.
 *
 * @param enabled              whether the server negotiates permessage-deflate ({@code --compression})
 * @param minBytes             smallest delivery frame compressed ({@code --compression-min-bytes})
 * @param framesCompressed     delivery frames compressed: each distinct frame once, however many clients got it
 * @param compressedFramesSent compressed frames written to clients, each client's copy counted
 * @param bytesIn              payload bytes of the frames compressed
 * @param bytesOut             what they compressed to (a frame no smaller compressed, sent plain, counts whole)
 * @param compressionsRepeated frames compressed a second time because the loop compressing them for every client
 *                             was late (its thread off its core: the host is short of CPU)
 */
public record CompressionSnapshot(boolean enabled, int minBytes, long framesCompressed, long compressedFramesSent,
                                  long bytesIn, long bytesOut, long compressionsRepeated) {
    /** The figures of {@code stats} for a server with these settings. */
    public static CompressionSnapshot of(boolean enabled, int minBytes, ServerStats stats) {
        return new CompressionSnapshot(enabled, minBytes, stats.totalFramesCompressed(),
                stats.totalCompressedFramesSent(), stats.totalCompressionBytesIn(), stats.totalCompressionBytesOut(),
                stats.totalCompressionsRepeated());
    }
}
