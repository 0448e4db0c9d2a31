package io.metricsstreamer.delivery;

/**
 * The port through which a {@link ClientSession} reaches its socket. Implemented over a Netty channel in
 * {@code transport}, and by a recording fake in tests. Called only on the session's event loop.
 */
public interface Outbound {
    /** Writes and flushes one control message (JSON text). */
    void sendControl(String json);

    /** Writes one metric delivery frame without flushing; {@link #flush()} follows once per loop task. */
    void write(SlicedFrame frame);

    /**
     * Flushes what {@link #write} wrote; false when some of it could not be sent since the last flush (the server
     * had no memory left to frame it), so that the caller counts those metrics as dropped.
     */
    boolean flush();

    /** Whether the socket's unsent bytes are under the slow-client mark (false: hold deliveries back). */
    boolean isWritable();

    /** Sends a close frame with this reason, then closes the connection. */
    void close(CloseReason reason);
}
