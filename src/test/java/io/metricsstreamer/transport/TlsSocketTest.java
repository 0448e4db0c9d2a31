package io.metricsstreamer.transport;

import static io.metricsstreamer.testing.TestTls.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.testing.LeakWatch;
import io.metricsstreamer.testing.LogCapture;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.StalledReads;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.TestTls;
import io.metricsstreamer.testing.WsTestClient;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ports over TLS (SPEC §10) with real handshakes on loopback, under each engine ({@code --tls-engine openssl} and
 * {@code jdk}): clients that trust the test CA (which signed the fixtures' certificates) get the WebSocket and the
 * HTTP API as without TLS; a client that does not trust it, or one that speaks plaintext, is refused promptly and
 * counted, logs no warning, and the server goes on serving.
 */
@Timeout(120)
@ParameterizedClass(name = "{0} engine")
@EnumSource(value = TlsEngine.class, names = {"OPENSSL", "JDK"})
class TlsSocketTest {
    private static final Duration AT_MOST = Duration.ofSeconds(10);
    private static final SSLContext TRUSTS_TEST_CA = TestTls.trusting(TestTls.testCa());
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(AT_MOST)
            .sslContext(TRUSTS_TEST_CA).build();

    @Parameter
    TlsEngine engine;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(String cert, String key, Consumer<StreamerConfig.Builder> tweak) {
        server = TestServer.start(b -> {
            b.tlsCert(fixture(cert)).tlsKey(fixture(key)).tlsEngine(engine);
            tweak.accept(b);
        });
        return server;
    }

    private TestServer start() {
        return start("rsa-fullchain.crt", "rsa-pkcs8.key", b -> { });
    }

    private long handshakeFailures() {
        return server.streamer().getStatistics().totalTlsHandshakeFailures();
    }

    @Test
    void bothPortsServeTheWebSocketOverWssToAClientThatTrustsTheCa() {
        start();
        assertThat(server.wsUri().getScheme()).isEqualTo("wss");
        assertThat(server.streamer().getTlsEngine()).isEqualTo(engine);

        try (WsTestClient direct = WsTestClient.connect(server.wsUri(), CLIENT);
             WsTestClient viaHttp = WsTestClient.connect(server.wsUriOnHttpPort(), CLIENT)) {
            assertThat(direct.request("{\"type\":\"ping\",\"id\":7}").path("id").asInt()).isEqualTo(7);
            assertThat(send(HttpRequest.newBuilder(server.http("/api/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metric_type\":\"system\",\"data\":{\"cpu\":0.5}}"))
                    .build()).body()).isEqualTo("{\"accepted\":1}");

            for (WsTestClient client : List.of(direct, viaHttp)) {
                JsonNode metric = client.metrics(1).get(0);
                assertThat(metric.path("metric_type").asText()).isEqualTo("system");
                assertThat(metric.path("data").path("cpu").asDouble()).isEqualTo(0.5);
            }

            server.close();

            assertThat(direct.awaitCloseCode()).as("the stop's close frame, encrypted").isEqualTo(1001);
            assertThat(viaHttp.awaitCloseCode()).isEqualTo(1001);
        }
        assertThat(server.streamer().getStatistics().totalTlsHandshakeFailures()).isZero();
    }

    @Test
    void theHttpApiAnswersOverHttps() {
        start();

        assertThat(send(HttpRequest.newBuilder(server.http("/healthz")).build()).body())
                .isEqualTo("{\"status\":\"ok\"}");
        var ingest = send(HttpRequest.newBuilder(server.http("/api/metrics")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "[{\"metric_type\":\"hero\",\"data\":{\"n\":1}},{\"metric_type\":\"hero\",\"data\":{\"n\":2}}]"))
                .build());
        assertThat(ingest.statusCode()).isEqualTo(202);
        assertThat(ingest.body()).isEqualTo("{\"accepted\":2}");
        assertThat(send(HttpRequest.newBuilder(server.http("/metrics")).build()).body())
                .contains("metrics_streamer_tls_handshake_failures_total 0.0");
        assertThat(send(HttpRequest.newBuilder(server.http("/")).build()).body()).contains("<html");
        JsonNode stats = TestServer.parse(send(HttpRequest.newBuilder(server.http("/api/statistics")).build())
                .body());
        assertThat(stats.path("total_metrics_published").asLong()).isEqualTo(2);
        assertThat(stats.path("total_tls_handshake_failures").isIntegralNumber()).isTrue();
        assertThat(stats.path("tls_engine").asText()).isEqualTo(engine.optionValue());
    }

    @ParameterizedTest(name = "{1} with {0}")
    @CsvSource({
        "rsa-fullchain.crt, rsa-pkcs8.key",
        "rsa-fullchain.crt, rsa-pkcs1.key",
        "ec-fullchain.crt,  ec-sec1.key",
        "ec-fullchain.crt,  ec-pkcs8.key"})
    void everyKeyFormServesItsCertificateOnBothPorts(String cert, String key) throws IOException {
        start(cert, key, b -> { });

        for (int port : List.of(server.streamer().getPort(), server.streamer().getHttpPort())) {
            assertThat(TestTls.served(port, TRUSTS_TEST_CA)).isEqualTo(TestTls.certificate(fixture(cert)));
        }
        assertThat(server.streamer().getTlsCertificate()).isEqualTo(TestTls.certificate(fixture(cert)));
        assertThat(send(HttpRequest.newBuilder(server.http("/healthz")).build()).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void bothTlsVersionsAreServed(String protocol) throws IOException {
        start();

        try (SSLSocket socket = (SSLSocket) TRUSTS_TEST_CA.getSocketFactory()
                .createSocket("127.0.0.1", server.streamer().getHttpPort())) {
            socket.setSoTimeout((int) AT_MOST.toMillis());
            socket.setEnabledProtocols(new String[] {protocol});
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(readToEnd(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_RSA_WITH_AES_128_CBC_SHA,          false",
        "TLS_RSA_WITH_AES_128_GCM_SHA256,       false",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,    false",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, true",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, true"})
    void onlyForwardSecretAeadSuitesAreServed(String suite, boolean served) throws IOException {
        start();

        try (LogCapture log = LogCapture.start();
             SSLSocket socket = (SSLSocket) TRUSTS_TEST_CA.getSocketFactory()
                .createSocket("127.0.0.1", server.streamer().getPort())) {
            socket.setSoTimeout((int) AT_MOST.toMillis());
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {suite});
            if (served) {
                socket.startHandshake();
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
            } else {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
                await().atMost(AT_MOST).until(() -> handshakeFailures() == 1);
                assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().startsWith("TLS handshake failed"))
                        .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                        .contains("no TLS version or cipher suite in common");
            }
        }
    }

    @Test
    void manyClientsReceiveEveryMetricInOrderThroughTheirOwnEncryption() {
        start("ec-fullchain.crt", "ec-sec1.key", b -> b.batchSize(10).batchTimeoutSeconds(0.02));
        int metrics = 500;
        List<WsTestClient> clients = new ArrayList<>();
        try (LeakWatch watch = LeakWatch.start()) {
            for (int i = 0; i < 6; i++) {
                clients.add(WsTestClient.connect(i % 2 == 0 ? server.wsUri() : server.wsUriOnHttpPort(), CLIENT));
            }
            for (int i = 0; i < metrics; i++) {
                server.streamer().queueMetric("system", Map.of("i", i, "pad", "x".repeat(i % 200)));
            }

            for (WsTestClient client : clients) {
                List<JsonNode> received = client.metrics(metrics);
                assertThat(received).hasSize(metrics);
                for (int i = 0; i < metrics; i++) {
                    assertThat(received.get(i).path("data").path("i").asInt()).as("metric %d", i).isEqualTo(i);
                }
            }
            clients.forEach(WsTestClient::close);
            clients.clear();
            assertThat(watch.leaks()).isEmpty();
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void aClientThatStopsReadingLosesItsOldestMetricsReportedAsDroppedInOrderAsWithoutTls() {
        start("ec-fullchain.crt", "ec-sec1.key", b -> b.batchSize(1).maxPending(20).slowClientBytes(16 * 1024)
                .slowClientSeconds(60));
        String pad = "x".repeat(2000);
        try (WsTestClient healthy = WsTestClient.connect(server.wsUri(), CLIENT);
             RawWsClient stalled = RawWsClient.connectTls(server.streamer().getPort(), TRUSTS_TEST_CA)) {
            assertThat(stalled.status()).isEqualTo(101);
            int total = 0;
            while (server.streamer().getStatistics().totalMetricsDropped() == 0 && total < 40_000) {
                StringBuilder body = new StringBuilder("[");
                for (int i = total; i < total + 50; i++) {
                    body.append(i == total ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"i\":")
                            .append(i).append(",\"pad\":\"").append(pad).append("\"}}");
                }
                assertThat(send(HttpRequest.newBuilder(server.http("/api/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString())).build())
                        .statusCode()).isEqualTo(202);
                assertThat(healthy.metrics(50).get(49).at("/data/i").asInt()).isEqualTo(total + 49);
                total += 50;
            }
            assertThat(server.streamer().getStatistics().totalMetricsDropped()).isPositive();

            StalledReads read = StalledReads.readUntilAccounted(stalled, total);
            assertThat(read.dropped()).isPositive();
            assertThat(read.lastI()).isEqualTo(total - 1);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsItsHandshakeAndTheServerServesOn() {
        start();
        HttpClient distrustful = HttpClient.newBuilder().connectTimeout(AT_MOST).build(); // the JDK's CAs only
        try (LogCapture log = LogCapture.start()) {
            assertThatThrownBy(() -> distrustful.send(HttpRequest.newBuilder(server.http("/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
            await().atMost(AT_MOST).until(() -> handshakeFailures() == 1);
            assertThatThrownBy(() -> WsTestClient.connect(server.wsUri(), distrustful))
                    .hasStackTraceContaining(SSLHandshakeException.class.getName());
            await().atMost(AT_MOST).until(() -> handshakeFailures() == 2);

            assertThat(send(HttpRequest.newBuilder(server.http("/healthz")).build()).statusCode()).isEqualTo(200);
            try (WsTestClient trusting = WsTestClient.connect(server.wsUri(), CLIENT)) {
                assertThat(trusting.clientId()).startsWith("client_");
            }
            assertThat(send(HttpRequest.newBuilder(server.http("/metrics")).build()).body())
                    .contains("metrics_streamer_tls_handshake_failures_total 2.0");
            assertThat(log.atLeast(Level.WARN)).as("no warning").isEmpty();
            assertThat(log.withStackTraces()).as("no stack trace").isEmpty();
            List<String> failures = log.events().stream().filter(e -> e.getFormattedMessage()
                    .startsWith("TLS handshake failed")).map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
            assertThat(failures).hasSize(2);
            assertThat(failures.get(0)).startsWith("INFO ").contains("not trust the")
                    .contains("further failures are logged at debug");
            assertThat(failures.get(1)).startsWith("DEBUG ");
        }
    }

    @ParameterizedTest(name = "on the {0} port")
    @ValueSource(strings = {"http", "websocket"})
    void plaintextHttpToATlsPortIsAnswered400InPlaintextAndClosed(String which) throws IOException {
        start();
        int port = "http".equals(which) ? server.streamer().getHttpPort() : server.streamer().getPort();
        String request = "http".equals(which) ? "POST /api/metrics HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + "2\r\n\r\n{}" : "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (LogCapture log = LogCapture.start(); LeakWatch watch = LeakWatch.start();
             Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) AT_MOST.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));

            String answer = readToEnd(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close")
                    .endsWith("\r\n\r\nThis port serves TLS only: use https:// (or wss:// for the WebSocket).\n");
            await().atMost(AT_MOST).until(() -> handshakeFailures() == 1);
            assertThat(log.atLeast(Level.WARN)).isEmpty();
            assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("TLS handshake failed"))
                    .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("plaintext HTTP sent to the TLS port");
            assertThat(watch.leaks()).isEmpty();
        }
        assertThat(send(HttpRequest.newBuilder(server.http("/healthz")).build()).statusCode()).isEqualTo(200);
    }

    @Test
    void aPlainWebSocketClientIsRefusedPromptly() {
        start();
        URI plain = URI.create("ws://127.0.0.1:" + server.streamer().getPort() + "/");

        assertThatThrownBy(() -> WsTestClient.connect(plain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to " + plain);
        await().atMost(AT_MOST).until(() -> handshakeFailures() == 1);
    }

    @Test
    void bytesThatAreNeitherTlsNorHttpCloseTheConnectionWithoutAnAnswer() throws IOException {
        start();
        try (Socket socket = new Socket("127.0.0.1", server.streamer().getPort())) {
            socket.setSoTimeout((int) AT_MOST.toMillis());
            socket.getOutputStream().write(new byte[] {0, 1, 2, 3, 'h', 'i'});

            assertThat(readToEnd(socket.getInputStream())).isEmpty();
        }
        await().atMost(AT_MOST).until(() -> handshakeFailures() == 1);
    }

    @Test
    void aConnectionThatNeverSendsAByteIsClosedAtTheDeadlineAndNotCountedAsAFailedHandshake() throws IOException {
        start("rsa-fullchain.crt", "rsa-pkcs8.key", b -> b.handshakeTimeoutSeconds(0.5));
        try (LogCapture log = LogCapture.start();
             Socket silent = new Socket("127.0.0.1", server.streamer().getPort())) {
            silent.setSoTimeout((int) AT_MOST.toMillis());

            assertThat(readToEnd(silent.getInputStream())).as("closed by the server, nothing sent").isEmpty();
            assertThat(log.atLeast(Level.INFO)).isEmpty();
        }
        assertThat(handshakeFailures()).isZero();
    }

    private static HttpResponseView send(HttpRequest request) {
        var res = TestServer.send(CLIENT, request);
        return new HttpResponseView(res.statusCode(), res.body());
    }

    /** A status and a body. */
    private record HttpResponseView(int statusCode, String body) {
    }

    /** Everything the peer sends until it closes; fails on the socket's read timeout. */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
