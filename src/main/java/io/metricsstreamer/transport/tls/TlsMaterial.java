package io.metricsstreamer.transport.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * A certificate chain and the private key of its first certificate, checked to belong together. Immutable.
 *
 * @param key   the private key
 * @param chain the server's certificate first, then the certificates that lead to a trusted root (maybe none)
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {
    /** Copies the chain. */
    TlsMaterial {
        chain = List.copyOf(chain);
    }

    /**
     * The certificates of {@code certFile} and the key of {@code keyFile}, the key checked against the first
     * certificate.
     *
     * @throws TlsSetupException when a file cannot be used, or the key is not the first certificate's
     */
    static TlsMaterial fromPem(Path certFile, Path keyFile) throws TlsSetupException {
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!matches(key, chain.get(0).getPublicKey())) {
            int other = -1;
            for (int i = 1; i < chain.size() && other < 0; i++) {
                other = matches(key, chain.get(i).getPublicKey()) ? i : -1;
            }
            throw new TlsSetupException("--tls-key " + keyFile + " is not the key of the certificate in --tls-cert "
                    + certFile + (other > 0 ? ": it is the key of certificate " + (other + 1) + " there; the "
                    + "server's own certificate must come first (as in certbot's fullchain.pem)"
                    : " (" + chain.get(0).getSubjectX500Principal().getName() + "): give the key the certificate was "
                    + "made for"));
        }
        return new TlsMaterial(key, chain);
    }

    /** The server's own certificate. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /** Whether {@code key} is the private half of {@code pub}: a signature made with it verifies with {@code pub}. */
    static boolean matches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // a key type with parameters of its own (RSASSA-PSS): the first handshake will tell
        }
        try {
            byte[] probe = ("metrics-streamer key check " + new SecureRandom().nextLong())
                    .getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The SHA-256 fingerprint of {@code cert}'s DER form, as openssl prints it: {@code AB:CD:...}. */
    static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("every JDK has SHA-256, and a certificate read or made here encodes", e);
        }
    }
}
