package io.metricsstreamer.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The options of authentication, authorization and origins. Immutable; the compact constructor validates, with
 * messages that name the option. {@link #toString()} never shows the secret.
 *
 * @param jwtSecret        the HS256 secret ({@code --auth-jwt-secret}), at least {@link #MIN_SECRET_BYTES} bytes of
 *                         UTF-8; null: no HS256 tokens
 * @param jwtPublicKey     a PEM file of an RSA (RS256) or EC P-256 (ES256) public key ({@code --auth-jwt-public-key});
 *                         null: no RS256 or ES256 tokens
 * @param clockSkewSeconds how long past its {@code exp} a token is still accepted ({@code --auth-clock-skew}), and
 *                         before its {@code nbf}
 * @param allowedOrigins   the origins whose pages may open a WebSocket ({@code --allowed-origins}), in their normal
 *                         form ({@link Origins}); empty: any origin
 * @param issuer           the {@code iss} every token must carry ({@code --auth-jwt-issuer}); null: not checked
 * @param audience         a value the token's {@code aud} must hold ({@code --auth-jwt-audience}); null: not checked
 */
public record AuthConfig(String jwtSecret, Path jwtPublicKey, int clockSkewSeconds, List<String> allowedOrigins,
                         String issuer, String audience) {
    /** Shortest HS256 secret: 256 bits, as RFC 7518 (3.2) requires of an HS256 key. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Largest {@code --auth-clock-skew}. */
    public static final int MAX_CLOCK_SKEW_SECONDS = 3600;
    /** Authentication off, any origin: the default, for a local demo. */
    public static final AuthConfig NONE = new AuthConfig(null, null, 0, List.of(), null, null);

    /** Validates every option and brings the origins to their normal form. */
    public AuthConfig {
        if (jwtSecret != null) {
            int bytes = jwtSecret.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("--auth-jwt-secret must be at least " + MIN_SECRET_BYTES
                        + " bytes (256 bits) for HS256, was " + bytes + " bytes; make one with: openssl rand "
                        + "-base64 48");
            }
        }
        if (jwtPublicKey != null && !Files.isReadable(jwtPublicKey)) {
            throw new IllegalArgumentException("--auth-jwt-public-key " + jwtPublicKey + " cannot be read (no such "
                    + "file, or no permission)");
        }
        if (clockSkewSeconds < 0 || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
            throw new IllegalArgumentException("--auth-clock-skew must be 0.." + MAX_CLOCK_SKEW_SECONDS
                    + " seconds, was " + clockSkewSeconds);
        }
        allowedOrigins = normalized(allowedOrigins == null ? List.of() : allowedOrigins);
        requireNotBlank(issuer, "--auth-jwt-issuer");
        requireNotBlank(audience, "--auth-jwt-audience");
        if ((issuer != null || audience != null) && jwtSecret == null && jwtPublicKey == null) {
            throw new IllegalArgumentException((issuer != null ? "--auth-jwt-issuer" : "--auth-jwt-audience")
                    + " checks tokens, but no token is required: give --auth-jwt-secret or --auth-jwt-public-key too");
        }
    }

    private static void requireNotBlank(String value, String option) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be blank; leave it out not to check the claim");
        }
    }

    private static List<String> normalized(List<String> origins) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String o : origins) {
            if (o == null || o.isBlank()) {
                continue;
            }
            String n = Origins.normalize(o);
            if (n == null) {
                throw new IllegalArgumentException("--allowed-origins: '" + o + "' is not an origin; give "
                        + "scheme://host[:port] as the browser's address bar shows it, e.g. https://dash.example.com");
            }
            out.add(n);
        }
        return List.copyOf(new ArrayList<>(out));
    }

    /** Whether clients and publishers must present a token. */
    public boolean authEnabled() {
        return jwtSecret != null || jwtPublicKey != null;
    }

    /** Whether the {@code Origin} of WebSocket handshakes is checked. */
    public boolean checksOrigins() {
        return !allowedOrigins.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthConfig[jwtSecret=" + (jwtSecret == null ? "none" : "(hidden)") + ", jwtPublicKey=" + jwtPublicKey
                + ", clockSkewSeconds=" + clockSkewSeconds + ", allowedOrigins=" + allowedOrigins + ", issuer=" + issuer
                + ", audience=" + audience + "]";
    }
}
