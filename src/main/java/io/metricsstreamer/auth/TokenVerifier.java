package io.metricsstreamer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JSON Web Tokens with Nimbus JOSE+JWT and turns them into {@link Principal}s. It accepts exactly the
 * algorithms its keys were configured for: HS256 with the secret, RS256 with an RSA public key, ES256 with an EC P-256
 * public key, each only with its own key. So an unsigned token ({@code alg: none}), an encrypted one, one of another
 * algorithm, and an HS256 token whose HMAC key is the RSA public key (algorithm confusion) are refused before any
 * signature check, and so is a bad signature. The claims must hold an {@code exp}, which is enforced to the second
 * (a token is refused from its {@code exp} on, plus the configured clock skew, and before its {@code nbf} minus it);
 * {@code sub} must be a string, {@code metric_types} and {@code agent_ids} lists of strings, {@code publish} and
 * {@code admin} booleans. When configured, the {@code iss} must be the issuer and the {@code aud} (a string or a list)
 * must hold the audience, so that tokens another service's issuer minted, or minted for another service with the
 * same key, are refused. Thread-safe: the processor holds no per-token state.
 */
public final class TokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
    /** Longest token accepted: bigger than any token this server's ceilings need, small against a header's bound. */
    public static final int MAX_TOKEN_CHARS = 8192;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<JWSAlgorithm> accepted;
    private final int clockSkewSeconds;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    /**
     * A verifier of tokens signed with {@code secret} (HS256; null: none) or with the private half of
     * {@code publicKey} (RS256 or ES256 by its type; null: none), at least one of them, allowing
     * {@code clockSkewSeconds} around {@code exp} and {@code nbf}, by {@code clock}.
     */
    public TokenVerifier(byte[] secret, JWK publicKey, int clockSkewSeconds, Clock clock) {
        this(secret, publicKey, clockSkewSeconds, clock, null, null);
    }

    /**
     * As {@link #TokenVerifier(byte[], JWK, int, Clock)}, requiring {@code iss} to be {@code issuer} and {@code aud}
     * to hold {@code audience} (each null: not checked).
     */
    public TokenVerifier(byte[] secret, JWK publicKey, int clockSkewSeconds, Clock clock, String issuer,
                         String audience) {
        this.issuer = issuer;
        this.audience = audience;
        List<JWK> keys = new ArrayList<>();
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        if (secret != null) {
            if (secret.length < AuthConfig.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("an HS256 secret needs at least " + AuthConfig.MIN_SECRET_BYTES
                        + " bytes, was " + secret.length);
            }
            keys.add(new OctetSequenceKey.Builder(secret).algorithm(JWSAlgorithm.HS256).build());
            algs.add(JWSAlgorithm.HS256);
        }
        if (publicKey != null) {
            JWSAlgorithm alg = PemKeys.algorithmFor(publicKey, "the public key");
            keys.add(publicKey.toPublicJWK());
            algs.add(alg);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a token verifier needs a secret or a public key");
        }
        this.accepted = Set.copyOf(algs);
        this.clockSkewSeconds = clockSkewSeconds;
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(accepted,
                new ImmutableJWKSet<>(new JWKSet(keys))));
        processor.setJWTClaimsSetVerifier(new ClaimsVerifier());
    }

    /**
     * The verifier of {@code config}'s keys (its public key file read now), or null when authentication is off.
     *
     * @throws IllegalArgumentException naming the option when the key file cannot be used
     */
    public static TokenVerifier of(AuthConfig config, Clock clock) {
        if (!config.authEnabled()) {
            return null;
        }
        JWK key = null;
        if (config.jwtPublicKey() != null) {
            key = PemKeys.read(config.jwtPublicKey(), "--auth-jwt-public-key");
            if (key.isPrivate()) {
                LOG.warn("--auth-jwt-public-key {} holds a private key: the server uses only its public half; keep "
                        + "the private key with whoever mints tokens", config.jwtPublicKey());
            }
        }
        byte[] secret = config.jwtSecret() == null ? null : config.jwtSecret().getBytes(StandardCharsets.UTF_8);
        return new TokenVerifier(secret, key, config.clockSkewSeconds(), clock, config.issuer(), config.audience());
    }

    /** The algorithms accepted, in a stable order for messages. */
    public List<String> algorithms() {
        return accepted.stream().map(JWSAlgorithm::getName).sorted().toList();
    }

    /** The clock skew allowed around {@code exp}, in seconds. */
    public int clockSkewSeconds() {
        return clockSkewSeconds;
    }

    /**
     * The principal of {@code token}, verified now.
     *
     * @throws InvalidTokenException saying why the token is refused
     */
    public Principal verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("the token is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("the token is " + token.length() + " characters; at most "
                    + MAX_TOKEN_CHARS);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a JWT (header.payload.signature): " + e.getMessage(), e);
        }
        if (jwt instanceof PlainJWT) {
            throw new InvalidTokenException("unsigned tokens (alg none) are refused; this server accepts "
                    + algorithms());
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException("encrypted tokens are not accepted; sign with one of " + algorithms());
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!accepted.contains(alg)) {
            throw new InvalidTokenException("tokens signed with " + alg + " are refused; this server accepts "
                    + algorithms());
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWSException e) {
            throw new InvalidTokenException("the token's signature does not verify", e);
        } catch (BadJWTException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException("the token is refused: " + e.getMessage(), e);
        }
        return principal(claims);
    }

    private static Principal principal(JWTClaimsSet claims) throws InvalidTokenException {
        try {
            Object sub = claims.getClaim("sub");
            if (sub != null && !(sub instanceof String)) {
                throw new InvalidTokenException("claim sub must be a string");
            }
            List<String> types = stringList(claims, "metric_types");
            if (types != null) {
                List<String> lower = new ArrayList<>();
                for (String t : types) {
                    lower.add(t.toLowerCase(Locale.ROOT));
                }
                types = lower.contains("all") ? null : List.copyOf(new LinkedHashSet<>(lower));
            }
            List<String> agents = stringList(claims, "agent_ids");
            return new Principal((String) sub, types, agents == null ? null : List.copyOf(new LinkedHashSet<>(agents)),
                    flag(claims, Permission.PUBLISH), flag(claims, Permission.ADMIN),
                    claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's claims are malformed: " + e.getMessage(), e);
        }
    }

    private static List<String> stringList(JWTClaimsSet claims, String name) throws ParseException,
            InvalidTokenException {
        if (claims.getClaim(name) == null) {
            return null;
        }
        List<String> values;
        try {
            values = claims.getStringListClaim(name);
        } catch (ParseException e) {
            throw new InvalidTokenException("claim " + name + " must be a list of strings", e);
        }
        if (values.contains(null)) {
            throw new InvalidTokenException("claim " + name + " must be a list of strings");
        }
        return values;
    }

    private static boolean flag(JWTClaimsSet claims, Permission permission) throws InvalidTokenException {
        Object value = claims.getClaim(permission.claim());
        if (value != null && !(value instanceof Boolean)) {
            throw new InvalidTokenException("claim " + permission.claim() + " must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    /**
     * Nimbus's claims checks (exp and nbf with the skew) on this verifier's clock, {@code exp} required, and the
     * refusals worded for a client.
     */
    private final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        ClaimsVerifier() {
            super(null, null, Set.of("exp"), null);
            setMaxClockSkew(clockSkewSeconds);
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            Date exp = claims.getExpirationTime();
            if (exp == null) {
                throw new BadJWTException("the token has no exp (expiry) claim; tokens must expire");
            }
            checkIssuerAndAudience(claims);
            try {
                super.verify(claims, context);
            } catch (BadJWTException e) {
                Instant now = clock.instant();
                if (!exp.toInstant().plusSeconds(clockSkewSeconds).isAfter(now)) {
                    throw new BadJWTException("the token expired at " + exp.toInstant(), e);
                }
                Date nbf = claims.getNotBeforeTime();
                if (nbf != null && nbf.toInstant().minusSeconds(clockSkewSeconds).isAfter(now)) {
                    throw new BadJWTException("the token is not valid before " + nbf.toInstant(), e);
                }
                throw e;
            }
        }

        private void checkIssuerAndAudience(JWTClaimsSet claims) throws BadJWTException {
            if (issuer != null && !issuer.equals(claims.getClaim("iss"))) {
                throw new BadJWTException(claims.getClaim("iss") == null ? "the token has no iss (issuer) claim; "
                        + "this server takes tokens of issuer " + issuer : "the token's issuer is not " + issuer);
            }
            if (audience != null) {
                List<String> aud = claims.getAudience();
                if (!aud.contains(audience)) {
                    throw new BadJWTException(aud.isEmpty() ? "the token has no aud (audience) claim; this server "
                            + "takes tokens for " + audience : "the token is not meant for this server: its audience "
                            + "lacks " + audience);
                }
            }
        }
    }
}
