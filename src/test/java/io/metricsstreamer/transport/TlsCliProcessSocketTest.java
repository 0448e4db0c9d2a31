package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.cli.Main;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.TestTls;
import io.metricsstreamer.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final Pattern WS_LINE = Pattern.compile("^listening websocket wss://127\\.0\\.0\\.1:(\\d+)/$");
    private static final Pattern HTTP_LINE = Pattern.compile("^listening http https://127\\.0\\.0\\.1:(\\d+)/$");
    private static final long STARTUP_SECONDS = 60;
    /** Netty's switch that keeps its OpenSSL engine from loading, as on a machine without its library. */
    private static final String NO_OPENSSL_PROPERTY = "io.netty.handler.ssl.noOpenSsl";
    private static final String NO_OPENSSL = "-D" + NO_OPENSSL_PROPERTY + "=true";

    @TempDir
    Path tmp;

    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void selfSignedServePrintsTheFingerprintOfTheCertificateBothPortsServe() throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--host", "127.0.0.1",
                "--port", "0", "--http-port", "0").redirectError(stderr.toFile());
        builder.environment().put("METRICS_STREAMER_TLS_SELF_SIGNED", "true");
        process = builder.start();
        List<String> lines = awaitListening(readLines(process), stderr);
        String fingerprint = group(FINGERPRINT, lines.get(0));
        int wsPort = Integer.parseInt(group(WS_LINE, lines.get(1)));
        int httpPort = Integer.parseInt(group(HTTP_LINE, lines.get(2)));

        X509Certificate served = TestTls.served(wsPort, TestTls.takingAnyCertificate());
        assertThat(TestTls.fingerprint(served)).as("the printed fingerprint is the served certificate's")
                .isEqualTo(fingerprint);
        assertThat(TestTls.served(httpPort, TestTls.takingAnyCertificate())).isEqualTo(served);
        assertThat(Files.readString(stderr)).contains("SHA-256 " + fingerprint)
                .as("auto: the OpenSSL engine, which loads here").contains("OpenSSL engine, BoringSSL");

        SSLContext pinned = TestTls.trusting(served);
        HttpClient http = HttpClient.newBuilder().sslContext(pinned).connectTimeout(Duration.ofSeconds(10)).build();
        assertThat(TestServer.send(http, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort
                + "/healthz")).build()).statusCode()).isEqualTo(200);
        try (WsTestClient client = WsTestClient.connect(URI.create("wss://localhost:" + wsPort + "/"), http)) {
            process.destroy();

            assertThat(client.awaitCloseCode()).isEqualTo(1001);
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status; stderr:%n%s", Files.readString(stderr)).isZero();
    }

    @Test
    void withoutOpensslAutoServesWithTheJdksEngineAndSaysWhy() throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        process = serve(stderr, NO_OPENSSL, "--tls-self-signed").start();
        List<String> lines = awaitListening(readLines(process), stderr);
        int httpPort = Integer.parseInt(group(HTTP_LINE, lines.get(2)));

        HttpClient http = HttpClient.newBuilder().sslContext(TestTls.takingAnyCertificate())
                .connectTimeout(Duration.ofSeconds(10)).build();
        String stats = TestServer.send(http, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort
                + "/api/statistics")).build()).body();
        assertThat(TestServer.parse(stats).path("tls_engine").asText()).isEqualTo("jdk");
        assertThat(Files.readString(stderr)).contains("JDK engine, Java " + Runtime.version().feature()
                + "; OpenSSL's cannot be loaded here: java.lang.UnsupportedOperationException: OpenSSL was explicit "
                + "disabled with -D" + NO_OPENSSL_PROPERTY + "=true");
    }

    @Test
    void withoutOpensslTheOpensslEngineStopsTheStartWithStatus2() throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        process = serve(stderr, NO_OPENSSL, "--tls-self-signed", "--tls-engine", "openssl").start();

        assertThat(process.waitFor(STARTUP_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .as("nothing listens").doesNotContain("listening");
        assertThat(Files.readString(stderr)).contains("error: --tls-engine openssl: the OpenSSL engine cannot be "
                + "loaded on this machine (java.lang.UnsupportedOperationException: OpenSSL was explicit disabled with "
                + "-D" + NO_OPENSSL_PROPERTY + "=true); use --tls-engine auto or jdk for the JDK's engine");
    }

    /** {@code serve} on ephemeral ports of 127.0.0.1 with {@code args}, with {@code jvmArg} too, stderr to a file. */
    private static ProcessBuilder serve(Path stderr, String jvmArg, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmArg, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--host",
                "127.0.0.1", "--port", "0", "--http-port", "0"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(stderr.toFile());
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertThat(m.matches()).as("%s matches %s", line, pattern).isTrue();
        return m.group(1);
    }

    /** The stdout lines up to and including the HTTP listening line. */
    private static List<String> awaitListening(LinkedBlockingQueue<String> lines, Path stderr)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        List<String> seen = new ArrayList<>();
        while (seen.isEmpty() || !seen.get(seen.size() - 1).startsWith("listening http")) {
            String next = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("the listening lines expected on stdout; so far: " + seen + "\nstderr:\n"
                        + Files.readString(stderr));
            }
            seen.add(next);
        }
        assertThat(seen).hasSize(3);
        return seen;
    }

    private static LinkedBlockingQueue<String> readLines(Process p) {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
                return;
            }
        }, "serve-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
