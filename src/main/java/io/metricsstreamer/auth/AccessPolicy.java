package io.metricsstreamer.auth;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the transport asks before it admits a WebSocket handshake or serves an HTTP request: whether the page's
 * {@code Origin} may connect, and who the presented token speaks for. With authentication off every request is
 * admitted with no principal; with {@code --allowed-origins} unset every origin is. Immutable and thread-safe.
 */
public final class AccessPolicy {
    /** Authentication off, any origin. */
    public static final AccessPolicy OPEN = new AccessPolicy(null, List.of());
    /** The scheme of the {@code Authorization} header this server reads (RFC 6750). */
    public static final String BEARER = "Bearer";

    private final TokenVerifier verifier;
    private final Set<String> origins;

    /** A policy verifying tokens with {@code verifier} (null: authentication off) and admitting {@code origins}. */
    public AccessPolicy(TokenVerifier verifier, List<String> origins) {
        this.verifier = verifier;
        this.origins = Set.copyOf(origins);
    }

    /**
     * The policy of {@code config}, its key file read now.
     *
     * @throws IllegalArgumentException naming the option when a key cannot be used
     */
    public static AccessPolicy of(AuthConfig config, Clock clock) {
        return new AccessPolicy(TokenVerifier.of(config, clock), config.allowedOrigins());
    }

    /** Whether tokens are required. */
    public boolean authEnabled() {
        return verifier != null;
    }

    /** The token verifier, or null when authentication is off. */
    public TokenVerifier verifier() {
        return verifier;
    }

    /**
     * Whether a WebSocket handshake with this {@code Origin} header may proceed: always when it is absent (clients
     * that are not browsers send none) or no origins are configured; else only when it is one of them.
     */
    public boolean originAllowed(String origin) {
        if (origin == null || origins.isEmpty()) {
            return true;
        }
        String normal = Origins.normalize(origin);
        return normal != null && origins.contains(normal);
    }

    /**
     * The principal of the token presented in an {@code Authorization} header ({@code Bearer TOKEN}) or, where the
     * request may carry it there (a browser's WebSocket cannot set headers), in the URL's {@code token} parameter.
     * Null when authentication is off.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param queryTokens   the values of the URL's {@code token} parameter, or null when the request may not use it
     * @throws InvalidTokenException when no token, two tokens, or a refused token was presented
     */
    public Principal authenticate(String authorization, List<String> queryTokens) throws InvalidTokenException {
        if (verifier == null) {
            return null;
        }
        boolean inQuery = queryTokens != null && !queryTokens.isEmpty();
        if (authorization == null && !inQuery) {
            throw InvalidTokenException.missing(queryTokens == null
                    ? "a token is required: send Authorization: Bearer TOKEN"
                    : "a token is required: send Authorization: Bearer TOKEN, or ?token=TOKEN in the URL");
        }
        if (authorization != null && inQuery || inQuery && queryTokens.size() > 1) {
            throw new InvalidTokenException("give one token: in the Authorization header or once in the URL");
        }
        return verifier.verify(inQuery ? queryTokens.get(0) : bearer(authorization));
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header (the scheme's case does not matter). */
    static String bearer(String authorization) throws InvalidTokenException {
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new InvalidTokenException("the Authorization header must be 'Bearer TOKEN'");
        }
        return value.substring(space + 1).trim();
    }
}
