package io.metricsstreamer.delivery;

/** The closed catalogue of WebSocket close codes the server sends, each with its reason text. */
public enum CloseReason {
    /** The server is stopping. */
    GOING_AWAY(1001, "server shutting down"),
    /**
     * The client broke the framing rules: a close frame with a status code no endpoint may send, or of one byte
     * (Netty's frame decoder sends 1002 with its own reason for the other violations: unmasked or reserved bits).
     */
    PROTOCOL_ERROR(1002, "protocol error"),
    /** The client sent a compressed message (permessage-deflate) whose bytes do not inflate. */
    BAD_COMPRESSED_DATA(1002, "compressed message does not inflate"),
    /** The client sent a binary frame; the protocol is JSON text only. */
    UNSUPPORTED_DATA(1003, "binary frames are not supported"),
    /** The client sent a text message that is not valid UTF-8 (RFC 6455 section 8.1). */
    INVALID_TEXT(1007, "text is not valid UTF-8"),
    /** The client sent a close frame whose reason is not valid UTF-8 (RFC 6455 section 5.5.1). */
    INVALID_CLOSE_REASON(1007, "close reason is not valid UTF-8"),
    /** The client's socket could not keep up for too long. */
    SLOW_CONSUMER(1008, "slow consumer"),
    /** The client sent nothing, not even a pong, for two heartbeats. */
    HEARTBEAT_TIMEOUT(1008, "heartbeat timeout"),
    /** The client kept sending over {@code --max-client-messages-per-second} for 5 s. */
    RATE_LIMITED(1008, "rate limited"),
    /** The client's token expired and was not refreshed in time. */
    TOKEN_EXPIRED(1008, "token expired"),
    /** The client sent a message over the frame size limit. */
    MESSAGE_TOO_BIG(1009, "message too big"),
    /**
     * Cluster mode: the cluster's Redis lost its data and a new epoch began; the client reconnects and replays (its old
     * epoch answers {@code recovered: false}). 1012 is RFC 6455's registered "service restart".
     */
    CLUSTER_EPOCH_CHANGED(1012, "cluster history lost: reconnect and replay");

    private final int code;
    private final String reason;

    CloseReason(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The RFC 6455 status code. */
    public int code() {
        return code;
    }

    /** The reason text sent with the code. */
    public String reason() {
        return reason;
    }
}
