package io.metricsstreamer.transport.tls;

import static io.metricsstreamer.testing.TestTls.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The certificate and key of {@code --tls-cert}/{@code --tls-key} as openssl writes them (the fixtures), every way
 * they can be wrong, and the throwaway certificate of {@code --tls-self-signed}.
 */
class TlsMaterialTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{1} with {0}")
    @CsvSource({
        "rsa-fullchain.crt, rsa-pkcs8.key, RSA",
        "rsa-fullchain.crt, rsa-pkcs1.key, RSA",
        "rsa.crt,           rsa-pkcs1.key, RSA",
        "ec-fullchain.crt,  ec-sec1.key,   EC",
        "ec-fullchain.crt,  ec-pkcs8.key,  EC"})
    void readsTheChainAndEveryUnencryptedKeyFormOpensslWrites(String cert, String key, String algorithm)
            throws TlsSetupException {
        TlsMaterial material = TlsMaterial.fromPem(fixture(cert), fixture(key));

        assertThat(material.key().getAlgorithm()).isEqualTo(algorithm);
        assertThat(material.certificate()).isEqualTo(TestTls.certificate(fixture(cert)));
        assertThat(material.chain()).hasSize(cert.contains("fullchain") ? 2 : 1);
        assertThat(material.chain().get(material.chain().size() - 1).getSubjectX500Principal().getName())
                .contains(cert.contains("fullchain") ? "test CA" : "localhost");
    }

    @Test
    void aMissingFileIsNamedWithItsOption() {
        Path missing = tmp.resolve("nope.pem");

        assertRefused(missing, fixture("rsa-pkcs8.key"), "--tls-cert " + missing + ": no such file");
        assertRefused(fixture("rsa.crt"), missing, "--tls-key " + missing + ": no such file");
    }

    @Test
    void aDirectoryIsNotAPemFile() {
        assertRefused(tmp, fixture("rsa-pkcs8.key"), "--tls-cert " + tmp + ": is a directory");
    }

    @Test
    void aFileWithoutPemBlocksIsRefusedAndDerIsRecognised() throws Exception {
        Path text = write("notes.txt", "this is not a certificate\n");
        Path empty = write("empty.pem", "");

        assertRefused(text, fixture("rsa-pkcs8.key"), "--tls-cert " + text + ": not a PEM file (no -----BEGIN line)");
        assertRefused(fixture("rsa.crt"), empty, "--tls-key " + empty + ": not a PEM file");
        assertRefused(fixture("rsa.der"), fixture("rsa-pkcs8.key"), "it looks like DER (binary): convert it with "
                + "'openssl x509 -inform der'");
    }

    @Test
    void aPemBlockWhoseContentIsGarbageIsNotValidPem() throws Exception {
        Path garbage = write("garbage.crt", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs!!\n"
                + "-----END CERTIFICATE-----\n");
        Path truncated = write("truncated.key", Files.readString(fixture("rsa-pkcs8.key")).substring(0, 300));

        assertRefused(garbage, fixture("rsa-pkcs8.key"), "--tls-cert " + garbage + ": not valid PEM");
        assertRefused(fixture("rsa.crt"), truncated, "--tls-key " + truncated + ": not valid PEM");
    }

    @Test
    void swappedFilesAreToldAsSuch() {
        assertRefused(fixture("rsa-pkcs8.key"), fixture("rsa-pkcs8.key"), "--tls-cert " + fixture("rsa-pkcs8.key")
                + ": it holds a private key, not a certificate: are --tls-cert and --tls-key swapped?");
        assertRefused(fixture("rsa.crt"), fixture("rsa.crt"), "--tls-key " + fixture("rsa.crt")
                + ": it holds a certificate, not a private key: are --tls-cert and --tls-key swapped?");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() {
        assertRefused(fixture("rsa.crt"), fixture("rsa-encrypted.key"), "the key is encrypted (it has a passphrase)",
                "openssl pkey -in ");
    }

    @Test
    void aFileWithTwoKeysIsRefused() throws Exception {
        Path two = write("two.key", Files.readString(fixture("rsa-pkcs8.key")) + Files.readString(
                fixture("ec-pkcs8.key")));

        assertRefused(fixture("rsa.crt"), two, "it holds 2 private keys");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path other = write("other.key", "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64,
                new byte[] {'\n'}).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        assertRefused(fixture("rsa.crt"), other, "--tls-key " + other + " is not the key of the certificate in "
                + "--tls-cert " + fixture("rsa.crt") + " (CN=localhost): give the key the certificate was made for");
        assertRefused(fixture("rsa.crt"), fixture("ec-sec1.key"), "is not the key of the certificate");
    }

    @Test
    void aChainWithTheServersCertificateLastIsRefusedSayingSo() {
        assertRefused(fixture("rsa-chain-reversed.crt"), fixture("rsa-pkcs8.key"), "it is the key of certificate 2 "
                + "there; the server's own certificate must come first");
    }

    @Test
    void theThrowawayCertificateIsForLocalhostItsKeyAndValidNow() throws Exception {
        TlsMaterial material = ThrowawayCertificate.generate("0.0.0.0");
        X509Certificate cert = material.certificate();

        cert.checkValidity();
        cert.verify(cert.getPublicKey());
        assertThat(TlsMaterial.matches(material.key(), cert.getPublicKey())).isTrue();
        assertThat(subjectAlternativeNames(cert)).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(TlsMaterial.fingerprint(cert)).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")
                .isEqualTo(TestTls.fingerprint(cert));
        assertThat(TlsMaterial.fingerprint(ThrowawayCertificate.generate("0.0.0.0").certificate()))
                .as("a new one at each start").isNotEqualTo(TlsMaterial.fingerprint(cert));
    }

    @Test
    void theThrowawayCertificateAlsoNamesASpecificBoundHost() throws Exception {
        assertThat(subjectAlternativeNames(ThrowawayCertificate.generate("192.168.7.7").certificate()))
                .contains("localhost", "192.168.7.7");
        assertThat(subjectAlternativeNames(ThrowawayCertificate.generate("Metrics.Example").certificate()))
                .contains("localhost", "metrics.example");
        assertThat(subjectAlternativeNames(ThrowawayCertificate.generate("::").certificate())).hasSize(3);
    }

    private static List<String> subjectAlternativeNames(X509Certificate cert) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> entry : cert.getSubjectAlternativeNames()) {
            names.add(String.valueOf(entry.get(1)));
        }
        return names;
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private static void assertRefused(Path cert, Path key, String... messageParts) {
        assertThatThrownBy(() -> TlsMaterial.fromPem(cert, key)).isInstanceOf(TlsSetupException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts).doesNotContain("null"));
    }
}
