package io.metricsstreamer.protocol;

/** A client message that is refused: becomes one {@code error} message, and changes nothing. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    /** A refusal with its code and a message naming the problem. */
    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The error code sent to the client. */
    public ErrorCode code() {
        return code;
    }
}
