package io.metricsstreamer.stats;

/**
 * The closed catalogue of what a client can do wrong at the connection level (below the protocol's messages, whose
 * refusals are counted as protocol errors): each is the client's doing, not a fault of the server, so it is counted
 * and logged in one line, never as a warning with a stack trace.
 */
public enum ClientError {
    /**
     * Frames RFC 6455 or the contract do not allow: unmasked, reserved bits or opcodes, a bad close frame, fragments
     * out of order, text that is not UTF-8, binary frames (closed with 1002, 1007 or 1003).
     */
    WEBSOCKET_PROTOCOL("websocket_protocol"),
    /** A message over {@code --max-frame-bytes} (closed with 1009). */
    MESSAGE_TOO_BIG("message_too_big"),
    /** The client went away in the middle of a WebSocket frame or of an HTTP request's body. */
    INCOMPLETE_MESSAGE("incomplete_message"),
    /** The client reset the connection, or broke it while the server was writing. */
    CONNECTION_RESET("connection_reset");

    private final String wire;

    ClientError(String wire) {
        this.wire = wire;
    }

    /** Its name in {@code /metrics} (the {@code kind} label) and in the statistics. */
    public String wire() {
        return wire;
    }
}
