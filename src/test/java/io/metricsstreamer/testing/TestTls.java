package io.metricsstreamer.testing;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for test clients: the PEM fixtures under {@code src/test/resources/tls} (made with openssl, see the README
 * there), client contexts that trust given certificates and nothing else, and what a server serves.
 */
public final class TestTls {
    private TestTls() {
    }

    /** The path of fixture {@code name} ({@code rsa.crt}, {@code rsa-pkcs1.key}, ...). */
    public static Path fixture(String name) {
        URL url = TestTls.class.getResource("/tls/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no TLS fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first certificate of PEM file {@code pem}, read by the JDK. */
    public static X509Certificate certificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test CA that signed the fixtures' server certificates. */
    public static X509Certificate testCa() {
        return certificate(fixture("ca.crt"));
    }

    /** A client context (TLS 1.3 and 1.2) that trusts {@code anchors} and nothing else; hostnames are verified. */
    public static SSLContext trusting(X509Certificate... anchors) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                store.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client context that takes any certificate, for reading what a server serves before deciding to trust it
     * (as a user compares a printed fingerprint); never for sending anything.
     */
    public static SSLContext takingAnyCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate a TLS server on 127.0.0.1:{@code port} serves, read with a client trusting {@code trust}. */
    public static X509Certificate served(int port, SSLContext trust) throws IOException {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** The SHA-256 fingerprint of {@code cert} as openssl prints it: {@code AB:CD:...}. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
