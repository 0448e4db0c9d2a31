package io.metricsstreamer.transport.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files of {@code --tls-cert} and {@code --tls-key} as certbot and openssl write them: certificates
 * ({@code BEGIN CERTIFICATE}, a chain in one file) and an unencrypted private key in any of its three forms,
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, which the JDK cannot read) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}, maybe after the {@code EC PARAMETERS} block {@code openssl ecparam -genkey} writes).
 * BouncyCastle parses; the keys and certificates are the JDK's own types, so no provider is registered. Every
 * failure is a {@link TlsSetupException} naming the option, the file and the way out. Stateless.
 */
final class PemFiles {
    /** Far more than a certificate chain or a key takes; a larger file is not one. */
    static final long MAX_BYTES = 1024 * 1024;
    private static final String CERT = "--tls-cert";
    private static final String KEY = "--tls-key";

    private PemFiles() {
    }

    /** The certificates of {@code file}, in file order (the server's own first, then its chain). */
    static List<X509Certificate> certificates(Path file) throws TlsSetupException {
        List<Object> blocks = blocks(CERT, file);
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object block : blocks) {
            X509CertificateHolder holder = block instanceof X509CertificateHolder h ? h
                    : block instanceof X509TrustedCertificateBlock t ? t.getCertificateHolder() : null;
            if (holder != null) {
                try {
                    certs.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsSetupException(CERT + " " + file + ": certificate " + (certs.size() + 1)
                            + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        if (certs.isEmpty()) {
            throw new TlsSetupException(CERT + " " + file + (blocks.stream().anyMatch(PemFiles::isKey)
                    ? ": it holds a private key, not a certificate: are --tls-cert and --tls-key swapped?"
                    : ": no certificate in it: expected a PEM block -----BEGIN CERTIFICATE----- (as in certbot's "
                            + "fullchain.pem)"));
        }
        return certs;
    }

    /** The one private key of {@code file}. */
    static PrivateKey privateKey(Path file) throws TlsSetupException {
        List<Object> blocks = blocks(KEY, file);
        List<Object> keys = blocks.stream().filter(PemFiles::isKey).toList();
        if (keys.isEmpty()) {
            throw new TlsSetupException(KEY + " " + file + (blocks.stream().anyMatch(b -> b instanceof
                    X509CertificateHolder) ? ": it holds a certificate, not a private key: are --tls-cert and "
                    + "--tls-key swapped?" : ": no private key in it: expected a PEM block -----BEGIN PRIVATE "
                    + "KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----"));
        }
        if (keys.size() > 1) {
            throw new TlsSetupException(KEY + " " + file + ": it holds " + keys.size() + " private keys; give a "
                    + "file with only the certificate's key");
        }
        Object key = keys.get(0);
        if (key instanceof PEMEncryptedKeyPair || key instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new TlsSetupException(KEY + " " + file + ": the key is encrypted (it has a passphrase), which the "
                    + "server cannot ask for: write it unencrypted with 'openssl pkey -in " + file
                    + " -out key.pem', readable by the server's user only");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            return key instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) key);
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException(KEY + " " + file + ": the key cannot be used: " + e.getMessage(), e);
        }
    }

    private static boolean isKey(Object block) {
        return block instanceof PEMKeyPair || block instanceof PrivateKeyInfo || block instanceof PEMEncryptedKeyPair
                || block instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** Every PEM block of {@code file}, parsed; an {@code EC PARAMETERS} block is left out. */
    private static List<Object> blocks(String option, Path file) throws TlsSetupException {
        String text = new String(read(option, file), StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            throw new TlsSetupException(option + " " + file + ": not a PEM file (no -----BEGIN line)"
                    + (!text.isEmpty() && text.charAt(0) == 0x30 ? "; it looks like DER (binary): convert it with "
                    + "'openssl x509 -inform der' for a certificate or 'openssl pkey -inform der' for a key" : ""));
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (!(block instanceof ASN1ObjectIdentifier)) {
                    blocks.add(block);
                }
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 or DER inside a block with runtime exceptions as well as IOExceptions.
            throw new TlsSetupException(option + " " + file + ": not valid PEM: " + e.getMessage(), e);
        }
        return blocks;
    }

    private static byte[] read(String option, Path file) throws TlsSetupException {
        if (!Files.exists(file)) {
            throw new TlsSetupException(option + " " + file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new TlsSetupException(option + " " + file + ": is a directory, not a PEM file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new TlsSetupException(option + " " + file + ": over " + MAX_BYTES + " bytes, too large to be "
                        + "a PEM certificate chain or key");
            }
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new TlsSetupException(option + " " + file + ": permission denied: the server's user must be able "
                    + "to read it (certbot's files are readable by root only)", e);
        } catch (IOException e) {
            throw new TlsSetupException(option + " " + file + ": cannot be read: " + e, e);
        }
    }
}
