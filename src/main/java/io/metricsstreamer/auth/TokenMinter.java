package io.metricsstreamer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

/**
 * Signs tokens this server accepts, with Nimbus: HS256 with a shared secret, RS256 with an RSA private key, ES256 with
 * an EC P-256 private key. The claims are those a {@link Principal} reads: {@code sub}, {@code iat}, {@code exp},
 * and only where set, {@code iss}, {@code aud}, {@code metric_types}, {@code agent_ids}, {@code publish: true},
 * {@code admin: true}.
 * Thread-safe.
 */
public final class TokenMinter {
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String issuer;
    private final String audience;

    private TokenMinter(JWSSigner signer, JWSAlgorithm algorithm) {
        this(signer, algorithm, null, null);
    }

    private TokenMinter(JWSSigner signer, JWSAlgorithm algorithm, String issuer, String audience) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** This minter, its tokens carrying {@code iss} {@code issuer} and {@code aud} {@code audience} (null: none). */
    public TokenMinter issuing(String issuer, String audience) {
        return new TokenMinter(signer, algorithm, issuer, audience);
    }

    /**
     * A minter of HS256 tokens with {@code secret}.
     *
     * @throws IllegalArgumentException when the secret is shorter than {@link AuthConfig#MIN_SECRET_BYTES}
     */
    public static TokenMinter hs256(byte[] secret) {
        if (secret.length < AuthConfig.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret is " + secret.length + " bytes; HS256 needs at least "
                    + AuthConfig.MIN_SECRET_BYTES + " (make one with: openssl rand -base64 48)");
        }
        try {
            return new TokenMinter(new MACSigner(secret), JWSAlgorithm.HS256);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret cannot sign HS256: " + e.getMessage(), e);
        }
    }

    /**
     * A minter with the private key of {@code key}: RS256 for RSA, ES256 for EC P-256.
     *
     * @throws IllegalArgumentException when {@code key} holds no private key of a kind this server verifies
     */
    public static TokenMinter privateKey(JWK key) {
        JWSAlgorithm alg = PemKeys.algorithmFor(key, "the private key");
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("the key is a public key; signing needs the private key");
        }
        try {
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
            return new TokenMinter(signer, alg);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the key cannot sign " + alg + ": " + e.getMessage(), e);
        }
    }

    /** A minter with the private key in the PEM file {@code file} ({@code what} names it in errors). */
    public static TokenMinter privateKey(Path file, String what) {
        return privateKey(PemKeys.read(file, what));
    }

    /** The algorithm of the tokens it signs. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** A compact signed token carrying {@code claims}, issued at {@code issuedAt}. */
    public String mint(Principal claims, Instant issuedAt) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(claims.expiresAt()));
        if (claims.subject() != null) {
            b.subject(claims.subject());
        }
        if (issuer != null) {
            b.issuer(issuer);
        }
        if (audience != null) {
            b.audience(audience);
        }
        if (claims.metricTypes() != null) {
            b.claim("metric_types", claims.metricTypes());
        }
        if (claims.agentIds() != null) {
            b.claim("agent_ids", claims.agentIds());
        }
        if (claims.publish()) {
            b.claim(Permission.PUBLISH.claim(), true);
        }
        if (claims.admin()) {
            b.claim(Permission.ADMIN.claim(), true);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), b.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
