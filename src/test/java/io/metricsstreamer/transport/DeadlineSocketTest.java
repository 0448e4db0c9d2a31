package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile clients on raw sockets (Slowloris and its relatives) against a server with a one-second
 * {@code --handshake-timeout}: a request or handshake that does not arrive in time is answered 408 and closed, a body
 * still being discarded after its 413 is closed, while other connections are served and a completed WebSocket or an
 * idle keep-alive connection is left alone. Timing is loose: each closing is awaited for up to {@link #BOUND}.
 */
@Timeout(60)
class DeadlineSocketTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final double DEADLINE_SECONDS = 1;
    /** Longer than the deadline, for what must outlive it. */
    private static final Duration PAST_DEADLINE = Duration.ofMillis(2500);
    /** Between two trickled bytes: each keeps a byte-based idle timer from ever firing. */
    private static final long TRICKLE_MILLIS = 100;

    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTrickling() {
        trickler.shutdownNow();
    }

    private static TestServer server() {
        return TestServer.start(b -> b.handshakeTimeoutSeconds(DEADLINE_SECONDS));
    }

    @Test
    void aRequestHeadTrickledByteByByteIsAnswered408AndClosedWhileOtherRequestsAreServed() throws Exception {
        try (TestServer server = server();
             Socket slow = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            send(slow, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            trickle(slow, "X-Slow: yes\r\n");

            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            String answer = readUntilClosed(slow);

            assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
        }
    }

    @Test
    void aHandshakeTrickledOnTheWebSocketPortIsAnswered408AndClosedWhileClientsStillConnect() throws Exception {
        try (TestServer server = server();
             Socket slow = new Socket("127.0.0.1", server.streamer().getPort())) {
            send(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
            trickle(slow, "X-Slow: yes\r\n");

            try (WsTestClient client = server.connect()) {
                assertThat(client.clientId()).isNotBlank();
                assertThat(readUntilClosed(slow)).startsWith("HTTP/1.1 408");
            }
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        try (TestServer server = server();
             Socket silent = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            assertThat(readUntilClosed(silent)).isEmpty();
        }
    }

    @Test
    void aChunkedBodyTrickledByteByByteIsAnswered408AndClosed() throws Exception {
        try (TestServer server = server();
             Socket slow = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            send(slow, "POST /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n");
            trickle(slow, "1\r\n \r\n");

            assertThat(server.post("{\"metric_type\":\"system\",\"data\":{}}").statusCode()).isEqualTo(202);
            assertThat(readUntilClosed(slow)).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aBodyStillBeingDiscardedAfterIts413IsClosedAtTheDeadline() throws Exception {
        try (TestServer server = server();
             Socket slow = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            send(slow, "POST /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000\r\n\r\n");
            trickle(slow, " ");

            String answer = readUntilClosed(slow);

            assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("408");
        }
    }

    @Test
    void aKeepAliveConnectionHasADeadlinePerRequestAndMayIdleBetweenRequests() throws Exception {
        try (TestServer server = server();
             Socket keepAlive = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            String healthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            send(keepAlive, healthz);
            assertThat(readResponse(keepAlive)).startsWith("HTTP/1.1 200");

            await().during(PAST_DEADLINE).atMost(BOUND).until(() -> !closedOrAnswered(keepAlive));
            send(keepAlive, healthz);
            assertThat(readResponse(keepAlive)).startsWith("HTTP/1.1 200");

            send(keepAlive, "GET /healthz HTTP/1.1\r\n");
            trickle(keepAlive, "X-Slow: yes\r\n");
            assertThat(readUntilClosed(keepAlive)).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void anUpgradedWebSocketOutlivesTheDeadline() {
        try (TestServer server = server(); WsTestClient client = server.connect()) {
            await().during(PAST_DEADLINE).atMost(BOUND).until(() -> !client.isClosed());

            assertThat(client.request("{\"type\":\"ping\",\"id\":7}").path("type").asText()).isEqualTo("pong");
            assertThat(server.streamer().getClientCount()).isEqualTo(1);
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends {@code pattern} over and over, one byte every {@link #TRICKLE_MILLIS}, until the socket fails. */
    private void trickle(Socket socket, String pattern) {
        byte[] bytes = pattern.getBytes(StandardCharsets.US_ASCII);
        AtomicInteger next = new AtomicInteger();
        trickler.scheduleWithFixedDelay(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes[next.getAndIncrement() % bytes.length]);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // stops this trickle
            }
        }, TRICKLE_MILLIS, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Everything the server sends until it closes (or resets) the connection; fails if it is still open. */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) BOUND.toMillis());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("connection still open after %s; received: %s", BOUND, all.toString(StandardCharsets.US_ASCII));
        } catch (SocketException e) {
            // A reset: the server closed while bytes were still arriving. Closed all the same.
        }
        return all.toString(StandardCharsets.US_ASCII);
    }

    /** One response: its head and a body of its Content-Length. */
    private static String readResponse(Socket socket) throws IOException {
        socket.setSoTimeout((int) BOUND.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response head so far: %s", head).isNotEqualTo(-1);
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(head);
        assertThat(length.find()).as("Content-Length in %s", head).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return head + new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the server has closed the connection or sent anything, without waiting. */
    private static boolean closedOrAnswered(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            socket.getInputStream().read();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
