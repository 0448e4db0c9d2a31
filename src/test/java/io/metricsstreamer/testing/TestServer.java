package io.metricsstreamer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A real server on 127.0.0.1 with ephemeral ports, for socket tests, plus an HTTP client for its API.
 * Close it (try-with-resources or {@code @AfterEach}). With TLS on, its URIs are {@code wss://} and {@code https://}
 * and its clients trust the certificate the server serves (and nothing else).
 */
public final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final RealTimeMetricsStreamer streamer;
    private final boolean tls;
    private final HttpClient http;

    private TestServer(StreamerConfig config) {
        streamer = new RealTimeMetricsStreamer(config);
        streamer.start();
        tls = config.tlsEnabled();
        http = tls ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(TestTls.trusting(streamer.getTlsCertificate())).build() : HTTP;
    }

    /** Starts a server with test-friendly defaults (batch size 1), changed by {@code tweak}. */
    public static TestServer start(Consumer<StreamerConfig.Builder> tweak) {
        StreamerConfig.Builder b = StreamerConfig.builder().host("127.0.0.1").port(0).httpPort(0).batchSize(1)
                .batchTimeoutSeconds(0.05);
        tweak.accept(b);
        return new TestServer(b.build());
    }

    /** Starts a server with test-friendly defaults (batch size 1). */
    public static TestServer start() {
        return start(b -> { });
    }

    /** The in-process API of the server. */
    public RealTimeMetricsStreamer streamer() {
        return streamer;
    }

    /** {@code ws://127.0.0.1:PORT/} ({@code wss://} with TLS). */
    public URI wsUri() {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + streamer.getPort() + "/");
    }

    /** {@code ws://127.0.0.1:HTTP_PORT/ws} ({@code wss://} with TLS). */
    public URI wsUriOnHttpPort() {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + streamer.getHttpPort() + "/ws");
    }

    /** {@code http://127.0.0.1:HTTP_PORT} + path ({@code https://} with TLS). */
    public URI http(String path) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + streamer.getHttpPort() + path);
    }

    /** The HTTP client of this server's API (trusting its certificate, with TLS). */
    public HttpClient httpClient() {
        return http;
    }

    /** Connects a WebSocket client to the WebSocket port and waits for its welcome. */
    public WsTestClient connect() {
        return WsTestClient.connect(wsUri(), http);
    }

    /** POSTs a body to {@code /api/metrics}. */
    public HttpResponse<String> post(String body) {
        return send(http, HttpRequest.newBuilder(http("/api/metrics"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** GETs a path. */
    public HttpResponse<String> get(String path) {
        return send(http, HttpRequest.newBuilder(http(path)).GET().build());
    }

    /** The parsed {@code GET /api/statistics}. */
    public JsonNode statistics() {
        return parse(get("/api/statistics").body());
    }

    /** Sends a plain HTTP request, failing the test on I/O errors. */
    public static HttpResponse<String> send(HttpRequest request) {
        return send(HTTP, request);
    }

    /** Sends a request with {@code client}, failing the test on I/O errors. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON text. */
    public static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        streamer.stop();
    }
}
