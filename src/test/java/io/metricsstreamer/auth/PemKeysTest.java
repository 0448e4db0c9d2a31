package io.metricsstreamer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.metricsstreamer.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys from PEM files in every form openssl writes, and the keys a token cannot be signed with. */
class PemKeysTest {
    @TempDir
    Path dir;

    private String refusal(Path file) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> PemKeys.read(file, "--auth-jwt-public-key"));
        assertThat(e).isNotNull();
        return e.getMessage();
    }

    @Test
    void readsRsaKeysAsPublicKeyPkcs8AndPkcs1() throws Exception {
        KeyPair pair = Tokens.rsa().toKeyPair();
        Path spki = Tokens.pem(dir, "public.pem", pair.getPublic());
        Path pkcs1 = Tokens.pem(dir, "pkcs1.pem", pair);
        Path pkcs8 = Tokens.pem(dir, "pkcs8.pem", new JcaPKCS8Generator(pair.getPrivate(), null));

        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
        for (Path file : new Path[] {spki, pkcs1, pkcs8}) {
            JWK key = PemKeys.read(file, "--auth-jwt-public-key");
            assertThat(key.toPublicJWK()).isEqualTo(Tokens.rsa().toPublicJWK());
            assertThat(PemKeys.algorithmFor(key, "k")).isEqualTo(JWSAlgorithm.RS256);
        }
    }

    @Test
    void readsEcKeysAsPublicKeyAndSec1() throws Exception {
        Path sec1 = Tokens.ecPrivatePem(dir, "sec1.pem", false);
        Path pkcs8 = Tokens.ecPrivatePem(dir, "pkcs8.pem", true);
        assertThat(Files.readString(sec1)).contains("-----BEGIN EC PRIVATE KEY-----");
        assertThat(PemKeys.read(Tokens.ecPublicPem(dir), "k").toPublicJWK()).isEqualTo(Tokens.ec().toPublicJWK());
        assertThat(PemKeys.algorithmFor(PemKeys.read(sec1, "k"), "k")).isEqualTo(JWSAlgorithm.ES256);
        assertThat(PemKeys.read(pkcs8, "k").toPublicJWK()).isEqualTo(Tokens.ec().toPublicJWK());
        assertThat(PemKeys.read(pkcs8, "k").isPrivate()).isTrue();
    }

    @Test
    void anEcPrivateKeyWithoutItsPublicKeyIsRefusedSayingHowToAddIt() throws Exception {
        Path javaPkcs8 = Tokens.pem(dir, "java.pem", new JcaPKCS8Generator(Tokens.ec().toKeyPair().getPrivate(),
                null));

        assertThat(refusal(javaPkcs8)).contains("carries no public key").contains("openssl ec -in");
    }

    @Test
    void refusesAShortRsaKeyAndAnEcKeyOffP256() throws JOSEException {
        Path small = Tokens.pem(dir, "small.pem", new RSAKeyGenerator(1024, true).generate().toRSAPublicKey());
        Path p384 = Tokens.pem(dir, "p384.pem", new ECKeyGenerator(Curve.P_384).generate().toECPublicKey());

        assertThat(refusal(small)).endsWith("is an RSA key of 1024 bits; RS256 needs 2048 or more");
        assertThat(refusal(p384)).contains("is an EC key on P-384; ES256 needs P-256");
    }

    @Test
    void refusesAFileWithNoKeyNamingTheOptionAndTheFile() {
        Path text = Tokens.write(dir, "notes.txt", "not a key\n");

        assertThat(refusal(text)).startsWith("--auth-jwt-public-key " + text + " holds no PEM key");
        assertThat(refusal(dir.resolve("absent.pem"))).endsWith("cannot be read: no such file");
    }
}
