package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression examples of what the fuzzing tier ({@link FuzzHandshakeSocketTest}, {@link FuzzWebSocketSocketTest})
 * found, one test per finding, on raw sockets.
 */
@Timeout(60)
class FuzzFindingsSocketTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends {@code request} and returns everything the server answers until it closes the connection. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private int port(boolean httpPort) {
        return httpPort ? server.streamer().getHttpPort() : server.streamer().getPort();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headersOverTheCodecsLimitAreAnswered431NamingItNotAsAMalformedRequest(boolean httpPort) throws Exception {
        String answer = exchange(port(httpPort), "GET " + (httpPort ? "/ws" : "/") + " HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431 ")
                .contains("{\"error\":\"request headers over 8192 bytes in all\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {8_193, 8_300, 20_000})
    void aWholeHandshakeWithHeadersOverTheLimitIsAnswered431OnEitherPort(int big) throws Exception {
        for (boolean httpPort : new boolean[] {false, true}) {
            String answer = exchange(port(httpPort), "GET " + (httpPort ? "/ws" : "/") + " HTTP/1.1\r\nHost: x\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nX-Big: " + "x".repeat(big) + "\r\n\r\n");

            assertThat(answer).as("on the %s port", httpPort ? "HTTP" : "WebSocket").startsWith("HTTP/1.1 431 ");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRequestLineOverTheCodecsLimitIsAnswered414NamingIt(boolean httpPort) throws Exception {
        String answer = exchange(port(httpPort), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 414 ")
                .contains("{\"error\":\"request line over 4096 bytes: shorten the URL\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws?token=%", "/ws?metric_types=%zz", "/api/statistics?clients_limit=%4"})
    void aMalformedPercentEscapeInTheQueryIsAnswered400NotDropped(String target) throws Exception {
        String answer = exchange(port(true), "GET " + target + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("{\"error\":\"malformed percent-escape in the query: "
                + "each % must be followed by two hex digits\"}");
    }

    @Test
    void anotherMalformedRequestSaysWhatTheCodecFoundWrong() throws Exception {
        String answer = exchange(port(true), "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("{\"error\":\"malformed HTTP request: ");
    }
}
