package io.metricsstreamer.stats;

/**
 * The closed catalogue of refusals by authentication, authorization and origin checks, each counted in the
 * statistics ({@code auth_failures}) and in {@code /metrics} ({@code metrics_streamer_auth_failures_total}, label
 * {@code kind}).
 */
public enum AuthFailure {
    /** A WebSocket handshake without a valid token: HTTP 401. */
    HANDSHAKE_UNAUTHORIZED("handshake_unauthorized"),
    /** A WebSocket handshake from a page whose {@code Origin} is not allowed: HTTP 403. */
    ORIGIN_FORBIDDEN("origin_forbidden"),
    /** A WebSocket handshake whose URL asks for metric types beyond its token's ceiling: HTTP 403. */
    HANDSHAKE_FORBIDDEN("handshake_forbidden"),
    /** A client message asking beyond its token's ceiling: error {@code forbidden}. */
    FORBIDDEN("forbidden"),
    /** A {@code refresh} with a token the server refuses: error {@code invalid_token}. */
    INVALID_TOKEN("invalid_token"),
    /** A connection whose token expired unrefreshed: closed 1008 {@code token expired}. */
    TOKEN_EXPIRED("token_expired"),
    /** An HTTP API request without a valid token: 401. */
    HTTP_UNAUTHORIZED("http_unauthorized"),
    /** An HTTP API request whose token lacks the claim the endpoint needs: 403. */
    HTTP_FORBIDDEN("http_forbidden");

    private final String wire;

    AuthFailure(String wire) {
        this.wire = wire;
    }

    /** Its name in the statistics and in {@code /metrics} (the {@code kind} label). */
    public String wire() {
        return wire;
    }
}
