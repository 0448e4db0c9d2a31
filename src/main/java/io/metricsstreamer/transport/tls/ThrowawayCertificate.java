package io.metricsstreamer.transport.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate of {@code --tls-self-signed}: a fresh EC P-256 key and a self-signed certificate for
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1} (plus the bound host when it is a specific one), made at each
 * start and never written anywhere. No client trusts it unless told to (a browser's warning, {@code curl -k}, or
 * its fingerprint, which the server prints); it is for local use, not for a deployment. BouncyCastle builds the
 * certificate, the JDK makes the key and signs. Stateless.
 */
final class ThrowawayCertificate {
    /** How long it is valid: longer than any run, shorter than browsers' limit for a server certificate. */
    static final Duration VALIDITY = Duration.ofDays(397);
    /** The names it is always valid for. */
    static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1");
    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");

    private ThrowawayCertificate() {
    }

    /** A new key and certificate, valid for {@link #NAMES} and {@code host} when it is not a wildcard. */
    static TlsMaterial generate(String host) throws TlsSetupException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost, O=metrics-streamer self-signed");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(host)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new TlsMaterial(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new TlsSetupException("--tls-self-signed: cannot make a certificate: " + e, e);
        }
    }

    private static GeneralName[] names(String host) {
        Set<String> names = new LinkedHashSet<>(NAMES);
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]")) {
            names.add(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
        }
        List<GeneralName> out = new ArrayList<>();
        for (String n : names) {
            out.add(new GeneralName(IP.matcher(n).matches() ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        return out.toArray(new GeneralName[0]);
    }
}
