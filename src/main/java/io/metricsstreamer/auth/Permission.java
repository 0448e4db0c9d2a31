package io.metricsstreamer.auth;

/** What a token may do beyond reading metrics over WebSocket, each a boolean claim set to {@code true}. */
public enum Permission {
    /** {@code "publish": true}: may publish metrics over HTTP ({@code POST /api/metrics}). */
    PUBLISH("publish"),
    /** {@code "admin": true}: may read the server's statistics ({@code /api/statistics}, {@code /metrics}). */
    ADMIN("admin");

    private final String claim;

    Permission(String claim) {
        this.claim = claim;
    }

    /** The claim's name in the token. */
    public String claim() {
        return claim;
    }
}
