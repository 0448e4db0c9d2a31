/**
 * permessage-deflate (RFC 7692) for the WebSocket endpoint: the negotiation at the handshake
 * ({@link io.metricsstreamer.transport.compression.DeflateNegotiation}, always answering
 * {@code server_no_context_takeover}), the compression of delivery frames once for the whole server, the compressed
 * bytes travelling with the shared frame ({@link io.metricsstreamer.transport.compression.FrameDeflater}), and the
 * bounded inflation of clients' compressed messages
 * ({@link io.metricsstreamer.transport.compression.MessageInflater}), with a client's LZ77 context kept as plain
 * bytes ({@link io.metricsstreamer.transport.compression.ClientContext}). zlib streams hold native memory: the
 * server keeps one deflater and one inflater per event loop, made on first use and ended with the loop's thread, and
 * none per connection ({@link io.metricsstreamer.transport.compression.ZlibStreams} counts them).
 *
 * <p>Threading: the deflater and inflater of a loop are used only on that loop's thread; a frame's compressed bytes
 * are attached and read across loops by compare-and-set on the frame; a {@code ClientContext} is confined to its
 * connection's loop; the negotiation is stateless.
 */
package io.metricsstreamer.transport.compression;
