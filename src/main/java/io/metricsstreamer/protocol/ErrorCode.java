package io.metricsstreamer.protocol;

/**
 * The closed catalogue of {@code error} codes a client can receive. The connection stays open after each (a client
 * that keeps over the message rate limit is closed later, with its own close code).
 */
public enum ErrorCode {
    /** The text frame was not valid JSON. */
    INVALID_JSON("invalid_json"),
    /** The message's {@code type} names no message the server knows. */
    UNKNOWN_MESSAGE_TYPE("unknown_message_type"),
    /** The message is JSON of a known type but its shape or values are wrong. */
    INVALID_MESSAGE("invalid_message"),
    /** A {@code metric_types} entry names no registered metric type. */
    UNKNOWN_METRIC_TYPE("unknown_metric_type"),
    /** A {@code refresh} carried a token the server refuses; the connection keeps its current token. */
    INVALID_TOKEN("invalid_token"),
    /** The client's token does not allow what it asked for (a metric type beyond its ceiling); nothing changed. */
    FORBIDDEN("forbidden"),
    /** The client sent more messages than {@code --max-client-messages-per-second}; this one was ignored. */
    RATE_LIMITED("rate_limited");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears in the {@code code} field. */
    public String wire() {
        return wire;
    }
}
