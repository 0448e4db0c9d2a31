package io.metricsstreamer.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Real signed tokens for tests: an HS256 secret, and an RSA 2048 and an EC P-256 key pair generated once per JVM (by
 * Nimbus), with helpers to sign any claims with any of them, and to write keys as PEM files the way openssl does.
 */
public final class Tokens {
    /** An HS256 secret of 44 bytes. */
    public static final String SECRET = "metrics-streamer-test-secret-0123456789abcdef";
    private static final RSAKey RSA = generateRsa();
    private static final ECKey EC = generateEc();

    private Tokens() {
    }

    private static RSAKey generateRsa() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test RSA key pair. */
    public static RSAKey rsa() {
        return RSA;
    }

    /** The test EC P-256 key pair. */
    public static ECKey ec() {
        return EC;
    }

    /** Claims with {@code sub} and {@code exp}, iat now. */
    public static JWTClaimsSet.Builder claims(String sub, Instant exp) {
        return new JWTClaimsSet.Builder().subject(sub).issueTime(new Date()).expirationTime(Date.from(exp));
    }

    /** An HS256 token for {@code sub} expiring at {@code exp}, with the claims {@code more} adds. */
    public static String hs256(String sub, Instant exp, Consumer<JWTClaimsSet.Builder> more) {
        JWTClaimsSet.Builder b = claims(sub, exp);
        more.accept(b);
        return sign(JWSAlgorithm.HS256, b.build());
    }

    /** An HS256 token for {@code sub} valid for an hour. */
    public static String hs256(String sub) {
        return hs256(sub, Instant.now().plusSeconds(3600), b -> { });
    }

    /** Claims signed with the test key of {@code alg}: the secret (HS256), the RSA key (RS256), the EC key (ES256). */
    public static String sign(JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            JWSSigner signer;
            if (JWSAlgorithm.HS256.equals(alg)) {
                signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
            } else if (JWSAlgorithm.RS256.equals(alg)) {
                signer = new RSASSASigner(RSA);
            } else {
                signer = new ECDSASigner(EC);
            }
            return sign(signer, alg, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims signed by {@code signer} under a header naming {@code alg}. */
    public static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** {@code token} with its payload replaced by {@code claims} and its signature kept: a tampered token. */
    public static String withPayload(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
    }

    /** Writes {@code key} to a new file in {@code dir} as PEM, the way openssl writes it, and returns the file. */
    public static Path pem(Path dir, String name, Object key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(dir, name, text.toString());
    }

    /** Writes {@code key} (a public key) to a new file as PEM {@code PUBLIC KEY}. */
    public static Path publicPem(Path dir, String name, Key key) {
        return pem(dir, name, key);
    }

    /** Writes {@code text} to {@code dir/name}. */
    public static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test RSA public key as a PEM file in {@code dir}. */
    public static Path rsaPublicPem(Path dir) {
        try {
            return publicPem(dir, "rsa-public.pem", RSA.toRSAPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test EC public key as a PEM file in {@code dir}. */
    public static Path ecPublicPem(Path dir) {
        try {
            return publicPem(dir, "ec-public.pem", EC.toECPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The test EC private key as openssl writes it, with its curve and its public key: SEC1 ({@code EC PRIVATE KEY},
     * as {@code openssl ecparam -genkey}) or, when {@code pkcs8}, that inside PKCS#8 ({@code PRIVATE KEY}, as
     * {@code openssl genpkey}). Java's own PKCS#8 encoding leaves the public key out.
     */
    public static Path ecPrivatePem(Path dir, String name, boolean pkcs8) {
        try {
            KeyPair pair = EC.toKeyPair();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                    ((ECPrivateKey) pair.getPrivate()).getS(), spki.getPublicKeyData(),
                    spki.getAlgorithm().getParameters());
            PemObject pem = pkcs8 ? new PemObject("PRIVATE KEY", new PrivateKeyInfo(spki.getAlgorithm(), sec1)
                    .getEncoded()) : new PemObject("EC PRIVATE KEY", sec1.getEncoded());
            return pem(dir, name, pem);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A list claim value. */
    public static List<String> list(String... values) {
        return List.of(values);
    }
}
