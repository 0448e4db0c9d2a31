package io.metricsstreamer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Keys from PEM files, in every form openssl writes them: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo),
 * {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1), {@code EC PRIVATE KEY} (SEC1), read by Nimbus
 * through Bouncy Castle (and an EC key in PKCS#8 by Bouncy Castle alone, which Nimbus does not read). Each key has
 * one signing algorithm: RS256 for RSA (2048 bits or more), ES256 for EC on P-256.
 */
public final class PemKeys {
    /** Smallest RSA key accepted (RFC 7518, 3.3). */
    public static final int MIN_RSA_BITS = 2048;

    private PemKeys() {
    }

    /**
     * The key in {@code file}, for {@code what} (an option's name, for the messages).
     *
     * @throws IllegalArgumentException naming {@code what} and the file when it cannot be read or holds no RSA or EC
     *                                  key of a size or curve this server signs with
     */
    public static JWK read(Path file, String what) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
        JWK key;
        try {
            key = JWK.parseFromPEMEncodedObjects(pem);
        } catch (JOSEException | RuntimeException e) {
            JWK ec = ecPrivateKeyPkcs8(pem);
            if (ec != null) {
                algorithmFor(ec, what + " " + file);
                return ec;
            }
            if (pem.contains("PRIVATE KEY") && String.valueOf(e.getMessage()).contains("public key")) {
                throw new IllegalArgumentException(what + " " + file + " is an EC private key that carries no public "
                        + "key (as Java writes them); let openssl add it: openssl ec -in " + file + " -out "
                        + "ec-key.pem", e);
            }
            throw new IllegalArgumentException(what + " " + file + " holds no PEM key this server reads (an RSA or EC "
                    + "key: BEGIN PUBLIC KEY, PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY): " + e.getMessage(), e);
        }
        algorithmFor(key, what + " " + file);
        return key;
    }

    /**
     * An EC private key in PKCS#8 ({@code BEGIN PRIVATE KEY}, as {@code openssl genpkey} writes it) with the public
     * key its inner SEC1 structure carries, which Nimbus does not read from there; null for anything else, or for a
     * key that carries no public key.
     */
    private static JWK ecPrivateKeyPkcs8(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (!(parser.readObject() instanceof PrivateKeyInfo info)
                    || !X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                return null;
            }
            ASN1BitString point = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey())
                    .getPublicKey();
            if (point == null) {
                return null;
            }
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            ECPublicKey pub = (ECPublicKey) keys.getPublicKey(new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(),
                    point.getBytes()));
            return new ECKey.Builder(Curve.forECParameterSpec(pub.getParams()), pub)
                    .privateKey((ECPrivateKey) keys.getPrivateKey(info)).build();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The one algorithm tokens signed with {@code key} use: RS256 for an RSA key of {@link #MIN_RSA_BITS} bits or
     * more, ES256 for an EC key on P-256.
     *
     * @throws IllegalArgumentException naming {@code what} for any other key
     */
    public static JWSAlgorithm algorithmFor(JWK key, String what) {
        if (key instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new IllegalArgumentException(what + " is an RSA key of " + rsa.size() + " bits; RS256 needs "
                        + MIN_RSA_BITS + " or more");
            }
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalArgumentException(what + " is an EC key on " + ec.getCurve() + "; ES256 needs P-256 "
                        + "(openssl ecparam -genkey -name prime256v1)");
            }
            return JWSAlgorithm.ES256;
        }
        throw new IllegalArgumentException(what + " is a " + key.getKeyType() + " key; use an RSA (RS256) or EC P-256 "
                + "(ES256) key");
    }
}
