package io.metricsstreamer.transport.http;

import io.metricsstreamer.hub.Admission;
import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.ingest.InfluxPrecision;
import io.metricsstreamer.ingest.InfluxWrite;
import io.metricsstreamer.ingest.LineProtocolParser;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.metricsstreamer.transport.connection.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;

/**
 * The InfluxDB write endpoints (SPEC 13): {@code POST /api/v2/write} ({@code ?org=&bucket=&precision=}) and
 * {@code POST /write} ({@code ?db=&precision=}), whose other parameters are read by InfluxDB only and ignored here.
 * A body, gzip-compressed or not ({@code Content-Encoding: gzip}, at most {@link LineProtocolParser#MAX_BODY_BYTES}
 * inflated), is parsed all or nothing; its envelopes are published, then its load tools' summaries: 204 with no
 * body. Refusals answer as InfluxDB does, {@code {"code": "invalid", "message": "..."}}: 400 for a malformed line
 * (its number), a bad precision or a corrupt gzip body, 413 for one over the limit, 503 when publishing is refused
 * (nothing of the request published). Stateless.
 */
final class InfluxWrites {
    private static final byte[] CREATED = "{\"results\":[{\"statement_id\":0}]}".getBytes(StandardCharsets.US_ASCII);
    private final ServerContext server;

    InfluxWrites(ServerContext server) {
        this.server = server;
    }

    /** Answers one write request, already admitted by the token check. */
    void write(ChannelHandlerContext ctx, FullHttpRequest req, Map<String, List<String>> params,
               IntFunction<byte[]> buffers) {
        InfluxPrecision precision;
        try {
            precision = InfluxPrecision.of(last(params.get("precision")));
        } catch (IllegalArgumentException e) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, "invalid", e.getMessage());
            return;
        }
        byte[] body;
        int length;
        ByteBuf content = req.content();
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && encoding.trim().equalsIgnoreCase(HttpHeaderValues.GZIP.toString())) {
            try {
                body = gunzip(content);
            } catch (IOException e) {
                refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, "invalid", "the body is not valid gzip: "
                        + e.getMessage());
                return;
            }
            length = body.length;
            if (length > LineProtocolParser.MAX_BODY_BYTES) {
                refuse(ctx, req, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too large", "the body inflates to "
                        + "over " + LineProtocolParser.MAX_BODY_BYTES + " bytes (8 MiB): split it into several "
                        + "requests");
                return;
            }
        } else if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            refuse(ctx, req, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "invalid", "Content-Encoding '" + encoding
                    + "' is not supported: send gzip or none");
            return;
        } else {
            length = content.readableBytes();
            body = buffers.apply(length);
            content.getBytes(content.readerIndex(), body, 0, length);
        }
        publish(ctx, req, body, length, precision);
    }

    private void publish(ChannelHandlerContext ctx, FullHttpRequest req, byte[] body, int length,
                         InfluxPrecision precision) {
        Instant now = Instant.now();
        InfluxWrite write;
        try {
            write = server.influx().read(body, 0, length, precision, now);
        } catch (IngestException e) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, "invalid", e.getMessage());
            return;
        }
        if (!write.envelopes().isEmpty()) {
            Admission admission = server.hub().offer(write.envelopes());
            if (admission != Admission.ACCEPTED) {
                refuse(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", admission.reason());
                return;
            }
        }
        server.stats().onLineProtocolPoints(write.points());
        List<MetricEnvelope> summaries = server.influx().summarize(write, now);
        if (!summaries.isEmpty()) {
            server.stats().onLoadToolMetrics(summaries.size());
            // Refused only when the queue is full: the hub counts them as dropped, and the write itself was taken.
            server.hub().offer(summaries);
        }
        HttpResponses.noContent(ctx, req);
    }

    /** Inflates a gzip body, reading one byte past the limit at most (a longer body is refused by its length). */
    private static byte[] gunzip(ByteBuf content) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteBufInputStream(content.duplicate()))) {
            return in.readNBytes(LineProtocolParser.MAX_BODY_BYTES + 1);
        }
    }

    /**
     * InfluxDB 1's {@code /query}, for the clients that create their database before writing (k6, Micrometer): a
     * {@code CREATE DATABASE} statement (in the URL's {@code q}, or a form body's) is answered as done, since the
     * write endpoints need no database; any other query is refused 400 (this server takes writes only).
     */
    void query(ChannelHandlerContext ctx, FullHttpRequest req, Map<String, List<String>> params) {
        String q = last(params.get("q"));
        if (q == null && req.content().isReadable()) {
            q = last(new QueryStringDecoder(req.content().toString(StandardCharsets.UTF_8), false).parameters()
                    .get("q"));
        }
        if (q != null && q.trim().regionMatches(true, 0, "CREATE DATABASE", 0, "CREATE DATABASE".length())) {
            HttpResponses.send(ctx, req, HttpResponseStatus.OK, HttpResponses.JSON,
                    Unpooled.wrappedBuffer(CREATED.clone()));
            return;
        }
        HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "this server takes line protocol writes "
                + "only: /query answers CREATE DATABASE and nothing else");
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String code,
                               String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        HttpResponses.json(ctx, req, status, body);
    }
}
