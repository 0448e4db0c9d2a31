package io.metricsstreamer.transport.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metricsstreamer.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes HTTP responses: JSON bodies, errors as {@code {"error": "..."}}, keep-alive honoured. */
public final class HttpResponses {
    /** Content type of JSON bodies. */
    public static final String JSON = "application/json; charset=utf-8";
    /** The connection option that goes with an {@code Upgrade} header, spelt as in handshakes. */
    private static final String UPGRADE = "Upgrade";
    /** The challenge of every 401 and scope 403: this server takes bearer tokens (RFC 6750). */
    private static final String BEARER_REALM = "Bearer realm=\"metrics-streamer\"";

    private HttpResponses() {
    }

    /** Sends {@code body} serialised as JSON. */
    public static void json(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, Object body) {
        send(ctx, req, status, JSON, Unpooled.wrappedBuffer(toJson(body)));
    }

    private static byte[] toJson(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response bodies are plain values", e);
        }
    }

    /** Sends {@code {"error": message}}. */
    public static void error(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String message) {
        json(ctx, req, status, Map.of("error", message));
    }

    /**
     * Answers a request the HTTP codec could not decode ({@code result} failed), and closes: a request line over the
     * codec's limit is 414, headers over it 431 (RFC 6585), each naming the limit; anything else is 400 with the
     * codec's reason.
     */
    public static void malformed(ChannelHandlerContext ctx, DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            error(ctx, null, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line over "
                    + HttpObjectDecoder.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes: shorten the URL");
        } else if (cause instanceof TooLongHttpHeaderException) {
            error(ctx, null, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers over "
                    + HttpObjectDecoder.DEFAULT_MAX_HEADER_SIZE + " bytes in all");
        } else {
            error(ctx, null, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"
                    + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** Sends 405 with the {@code Allow} header RFC 9110 requires, and a JSON error naming the allowed methods. */
    public static void methodNotAllowed(ChannelHandlerContext ctx, HttpRequest req, String allow) {
        byte[] body = toJson(Map.of("error", "method " + req.method() + " not allowed on "
                + new QueryStringDecoder(req.uri()).path() + "; use " + allow));
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.METHOD_NOT_ALLOWED, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.ALLOW, allow);
        write(ctx, req, res, JSON);
    }

    /**
     * Sends 426 Upgrade Required with {@code Upgrade: protocol} (RFC 9110, 15.5.22: a 426 must name the protocol to
     * switch to) and a JSON error, for a plain request on an endpoint that speaks only {@code protocol}.
     */
    public static void upgradeRequired(ChannelHandlerContext ctx, HttpRequest req, String protocol, String message) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UPGRADE_REQUIRED,
                Unpooled.wrappedBuffer(toJson(Map.of("error", message))));
        res.headers().set(HttpHeaderNames.UPGRADE, protocol);
        write(ctx, req, res, JSON);
    }

    /**
     * Sends 401 with a JSON error and {@code WWW-Authenticate: Bearer} (RFC 6750, 3): with
     * {@code error="invalid_token"} and the reason when a token was presented and refused, bare when none was.
     */
    public static void unauthorized(ChannelHandlerContext ctx, HttpRequest req, String message, boolean missing) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED,
                Unpooled.wrappedBuffer(toJson(Map.of("error", message))));
        res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, missing ? BEARER_REALM
                : BEARER_REALM + ", error=\"invalid_token\", error_description=\"" + quotable(message) + "\"");
        write(ctx, req, res, JSON);
    }

    /**
     * Sends 403 with a JSON error; with {@code WWW-Authenticate: Bearer error="insufficient_scope"} (RFC 6750, 3.1)
     * when {@code insufficientScope}: a valid token that lacks what the endpoint needs.
     */
    public static void forbidden(ChannelHandlerContext ctx, HttpRequest req, String message,
                                 boolean insufficientScope) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                Unpooled.wrappedBuffer(toJson(Map.of("error", message))));
        if (insufficientScope) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, BEARER_REALM + ", error=\"insufficient_scope\", "
                    + "error_description=\"" + quotable(message) + "\"");
        }
        write(ctx, req, res, JSON);
    }

    /** {@code text} with what an RFC 6750 {@code error_description} may not hold (quotes, backslashes) as spaces. */
    private static String quotable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : ' ');
        }
        return b.toString();
    }

    /** Sends 204 No Content: no body, and neither a content type nor a length (RFC 9110, 8.6). */
    public static void noContent(ChannelHandlerContext ctx, HttpRequest req) {
        write(ctx, req, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER), null);
    }

    /** Sends a text body of the given content type. */
    public static void text(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String type,
                            String body) {
        send(ctx, req, status, type, Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a response; closes the connection after it unless the request asked for keep-alive. */
    public static void send(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String type,
                            ByteBuf body) {
        write(ctx, req, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body), type);
    }

    private static void write(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse res, String type) {
        HttpResponseStatus status = res.status();
        if (type != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        }
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            res.headers().setInt(HttpHeaderNames.RETRY_AFTER, 1);
        }
        // A refusal (503: queue full or fan-out behind) keeps the connection: a publisher retrying on the same
        // keep-alive connection should not pay a reconnect for being told to slow down.
        boolean keepAlive = req != null && HttpUtil.isKeepAlive(req);
        // RFC 9110, 7.8: whoever sends Upgrade also lists "Upgrade" in Connection, so intermediaries drop the field.
        boolean upgrade = res.headers().contains(HttpHeaderNames.UPGRADE);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, upgrade ? UPGRADE : HttpHeaderValues.KEEP_ALIVE);
            // A response that could not be written (no direct memory left to encode it) must not leave the client
            // waiting on an open connection for an answer that never comes.
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, upgrade ? UPGRADE + ", close" : HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
