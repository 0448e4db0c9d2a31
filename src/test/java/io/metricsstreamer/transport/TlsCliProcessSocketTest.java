package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.testing.ServeProcess;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.TestTls;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with a throwaway certificate, in a JVM of its own as a user runs it: it prints the certificate's
 * SHA-256 fingerprint and {@code wss://}/{@code https://} listening lines; both ports serve the certificate of that
 * fingerprint, which a client can then trust as it is; SIGTERM still closes every client with 1001. On a machine where
 * OpenSSL's library does not load, {@code --tls-engine auto} serves with the JDK's engine and {@code openssl} does not
 * start.
 */
@Timeout(90)
class TlsCliProcessSocketTest {
    private static final Pattern FINGERPRINT = Pattern.compile(
            "^tls self-signed certificate for localhost, 127\\.0\\.0\\.1: SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}"
                    + "[0-9A-F]{2})$");
    private static final long STARTUP_SECONDS = 60;
    /** Netty's switch that keeps its OpenSSL engine from loading, as on a machine without its library. */
    private static final String NO_OPENSSL_PROPERTY = "io.netty.handler.ssl.noOpenSsl";
    private static final String NO_OPENSSL = "-D" + NO_OPENSSL_PROPERTY + "=true";

    @TempDir
    Path tmp;

    private ServeProcess serve;
    private Process failing;

    @AfterEach
    void killLeftovers() {
        if (serve != null) {
            serve.kill();
        }
        if (failing != null) {
            failing.destroyForcibly();
        }
    }

    @Test
    void selfSignedServePrintsTheFingerprintOfTheCertificateBothPortsServe() throws Exception {
        serve = ServeProcess.launch(tmp).env("METRICS_STREAMER_TLS_SELF_SIGNED", "true").start();
        List<String> lines = serve.linesBeforeListening();
        assertThat(lines).hasSize(3);
        String fingerprint = group(FINGERPRINT, lines.get(0));
        int wsPort = serve.wsPort();
        int httpPort = serve.httpPort();
        assertThat(serve.wsUri().getScheme()).isEqualTo("wss");
        assertThat(serve.http("/").getScheme()).isEqualTo("https");

        X509Certificate served = TestTls.served(wsPort, TestTls.takingAnyCertificate());
        assertThat(TestTls.fingerprint(served)).as("the printed fingerprint is the served certificate's")
                .isEqualTo(fingerprint);
        assertThat(TestTls.served(httpPort, TestTls.takingAnyCertificate())).isEqualTo(served);
        assertThat(serve.stderr()).contains("SHA-256 " + fingerprint)
                .as("auto: the OpenSSL engine, which loads here").contains("OpenSSL engine, BoringSSL");

        SSLContext pinned = TestTls.trusting(served);
        HttpClient http = HttpClient.newBuilder().sslContext(pinned).connectTimeout(Duration.ofSeconds(10)).build();
        assertThat(TestServer.send(http, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort
                + "/healthz")).build()).statusCode()).isEqualTo(200);
        try (WsTestClient client = WsTestClient.connect(URI.create("wss://localhost:" + wsPort + "/"), http)) {
            serve.terminate();

            assertThat(client.awaitCloseCode()).isEqualTo(1001);
        }
        assertThat(serve.awaitExit(20)).as("exit status; stderr:%n%s", serve.stderr()).isZero();
    }

    @Test
    void withoutOpensslAutoServesWithTheJdksEngineAndSaysWhy() throws Exception {
        serve = ServeProcess.launch(tmp).jvmArgs(NO_OPENSSL).args("--tls-self-signed").start();
        int httpPort = serve.httpPort();

        HttpClient http = HttpClient.newBuilder().sslContext(TestTls.takingAnyCertificate())
                .connectTimeout(Duration.ofSeconds(10)).build();
        String stats = TestServer.send(http, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort
                + "/api/statistics")).build()).body();
        assertThat(TestServer.parse(stats).path("tls_engine").asText()).isEqualTo("jdk");
        assertThat(serve.stderr()).contains("JDK engine, Java " + Runtime.version().feature()
                + "; OpenSSL's cannot be loaded here: java.lang.UnsupportedOperationException: OpenSSL was explicit "
                + "disabled with -D" + NO_OPENSSL_PROPERTY + "=true");
    }

    @Test
    void withoutOpensslTheOpensslEngineStopsTheStartWithStatus2() throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        failing = ServeProcess.launch(tmp).jvmArgs(NO_OPENSSL).args("--tls-self-signed", "--tls-engine", "openssl")
                .process(stderr);

        assertThat(failing.waitFor(STARTUP_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(failing.exitValue()).isEqualTo(2);
        assertThat(new String(failing.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .as("nothing listens").doesNotContain("listening");
        assertThat(Files.readString(stderr)).contains("error: --tls-engine openssl: the OpenSSL engine cannot be "
                + "loaded on this machine (java.lang.UnsupportedOperationException: OpenSSL was explicit disabled with "
                + "-D" + NO_OPENSSL_PROPERTY + "=true); use --tls-engine auto or jdk for the JDK's engine");
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertThat(m.matches()).as("%s matches %s", line, pattern).isTrue();
        return m.group(1);
    }
}
