package io.metricsstreamer.auth;

/**
 * A token was refused: missing, malformed, signed with an algorithm or key this server does not accept, expired,
 * without {@code exp}, or with a claim of the wrong shape. The message says which, for the client (it never holds
 * the token itself).
 */
public final class InvalidTokenException extends Exception {
    private final boolean missing;

    /** A refusal saying {@code why}. */
    public InvalidTokenException(String why) {
        this(why, false);
    }

    private InvalidTokenException(String why, boolean missing) {
        super(why);
        this.missing = missing;
    }

    /** No token was presented at all (RFC 6750, 3.1: the answer then names no error). */
    public static InvalidTokenException missing(String why) {
        return new InvalidTokenException(why, true);
    }

    /** A refusal saying {@code why}, caused by the library's {@code cause}. */
    public InvalidTokenException(String why, Throwable cause) {
        super(why, cause);
        this.missing = false;
    }

    /** Whether no token was presented (rather than a bad one). */
    public boolean isMissing() {
        return missing;
    }
}
