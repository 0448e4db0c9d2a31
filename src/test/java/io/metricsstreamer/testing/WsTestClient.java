package io.metricsstreamer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real WebSocket client (the JDK's {@code java.net.http.WebSocket}, which answers pings by itself) that parses
 * every text message and queues it. {@link #connect} returns once the welcome arrived; the welcome is kept apart.
 */
public final class WsTestClient implements AutoCloseable {
    /** How long {@link #next()} waits: generous, so a loaded machine never flakes a test. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private String closeReason;
    private WebSocket socket;
    private JsonNode welcome;

    private WsTestClient() {
    }

    /** Connects and waits for the welcome message. */
    public static WsTestClient connect(URI uri) {
        return connect(uri, HTTP, Map.of());
    }

    /** Connects with {@code headers} on the handshake (an {@code Authorization}, say) and waits for the welcome. */
    public static WsTestClient connect(URI uri, Map<String, String> headers) {
        return connect(uri, HTTP, headers);
    }

    /** Connects with {@code http}'s settings (the TLS it trusts, for {@code wss://}) and waits for the welcome. */
    public static WsTestClient connect(URI uri, HttpClient http) {
        return connect(uri, http, Map.of());
    }

    /** Connects with {@code http}'s settings and {@code headers} on the handshake, and waits for the welcome. */
    public static WsTestClient connect(URI uri, HttpClient http, Map<String, String> headers) {
        WsTestClient c = new WsTestClient();
        try {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
            headers.forEach(builder::header);
            c.socket = builder.buildAsync(uri, c.listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
        c.welcome = c.next();
        assertThat(c.welcome.path("type").asText()).isEqualTo("welcome");
        return c;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(TestServer.parse(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeReason = reason;
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closeCode.complete(-1);
            }
        };
    }

    /** The welcome message. */
    public JsonNode welcome() {
        return welcome;
    }

    /** The client id from the welcome. */
    public String clientId() {
        return welcome.path("client_id").asText();
    }

    /** Sends a text message. */
    public WsTestClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    /** The next message, waiting up to {@link #WAIT}; fails the test when none comes. */
    public JsonNode next() {
        try {
            JsonNode m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a message within " + WAIT).isNotNull();
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a message and returns the next message received (the reply, when nothing else is in flight). */
    public JsonNode request(String json) {
        send(json);
        return next();
    }

    /** The next message, asserting its type. */
    public JsonNode next(String type) {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as("type of " + m).isEqualTo(type);
        return m;
    }

    /** Every envelope received from now until {@code count} metrics arrived (unpacking batches), oldest first. */
    public List<JsonNode> metrics(int count) {
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < count) {
            out.addAll(envelopes(next()));
        }
        return out;
    }

    /** The envelopes of a {@code metric_update} or {@code metric_batch}; fails on any other message. */
    public static List<JsonNode> envelopes(JsonNode delivery) {
        String type = delivery.path("type").asText();
        if ("metric_update".equals(type)) {
            return List.of(delivery.get("data"));
        }
        assertThat(type).as("a delivery, got " + delivery).isEqualTo("metric_batch");
        List<JsonNode> out = new ArrayList<>();
        delivery.get("data").forEach(out::add);
        assertThat(delivery.path("count").asInt()).isEqualTo(out.size());
        return out;
    }

    /** Whether no message arrives within {@code quiet}. */
    public boolean staysQuiet(Duration quiet) {
        try {
            JsonNode m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("no message expected").isNull();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Messages received and not yet taken. */
    public int queued() {
        return messages.size();
    }

    /** Waits for the server to close the connection and returns its close code. */
    public int awaitCloseCode() {
        try {
            return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WAIT, e);
        }
    }

    /** The close reason sent by the server, after {@link #awaitCloseCode()}. */
    public String closeReason() {
        return closeReason;
    }

    /** Whether the server closed the connection. */
    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Closes from the client side (normal closure), without waiting. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
