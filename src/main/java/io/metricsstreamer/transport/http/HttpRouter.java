package io.metricsstreamer.transport.http;

import io.metricsstreamer.auth.Permission;
import io.metricsstreamer.hub.Admission;
import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.stats.ClientsPage;
import io.metricsstreamer.stats.ClusterStatistics;
import io.metricsstreamer.transport.connection.ConnectionErrors;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.metricsstreamer.transport.connection.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the HTTP API. Unknown paths answer 404, wrong methods 405 with {@code Allow}; every error body is
 * {@code {"error": "..."}}. With authentication on, publishing needs a token with {@code "publish": true} and the
 * statistics ({@code /api/statistics}, {@code /metrics}) one with {@code "admin": true} ({@link HttpAccess});
 * {@code /healthz} and the pages stay open. Shared by every channel: stateless.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Content type of the Prometheus text exposition format. */
    public static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    /** The per-thread body buffer's first size; it grows, in powers of two, to the largest body it was given. */
    static final int FIRST_BODY_BYTES = 64 * 1024;
    /**
     * Per event loop: the array a body held off-heap is copied into for the JSON parser, reused request after
     * request, at most {@link io.metricsstreamer.ingest.IngestParser#MAX_BODY_BYTES} (the aggregator refuses
     * larger bodies). A new array per POST was a large share of what the server allocated per published metric
     * (docs/benchmarks/LOG.md), and one for a body of half a megabyte or more is a humongous object for G1,
     * allocated straight into the old generation: a publisher of large bodies grew the heap with them.
     */
    private static final FastThreadLocal<byte[]> BODY = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[FIRST_BODY_BYTES];
        }
    };

    private final ServerContext server;
    private final StaticResources statics;
    private final HttpAccess access;
    private final InfluxWrites influxWrites;

    /** A router over {@code server}'s state, serving pages from {@code statics}. */
    public HttpRouter(ServerContext server, StaticResources statics) {
        this.server = server;
        this.statics = statics;
        this.access = new HttpAccess(server.access(), server.stats());
        this.influxWrites = new InfluxWrites(server);
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            HttpResponses.malformed(ctx, req.decoderResult());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        switch (path) {
            case "/api/metrics" -> {
                if (allow(ctx, req, HttpMethod.POST) && access.permits(ctx, req, Permission.PUBLISH)) {
                    ingest(ctx, req);
                }
            }
            case "/api/statistics" -> {
                if (allow(ctx, req, HttpMethod.GET) && access.permits(ctx, req, Permission.ADMIN)) {
                    statistics(ctx, req, uri);
                }
            }
            case "/write", "/api/v2/write" -> {
                if (allow(ctx, req, HttpMethod.POST)) {
                    Map<String, List<String>> params = params(ctx, req, uri);
                    if (params != null && access.permitsInfluxWrite(ctx, req, params.get("p"))) {
                        influxWrites.write(ctx, req, params, HttpRouter::bodyBuffer);
                    }
                }
            }
            case "/query" -> {
                if (req.method().equals(HttpMethod.GET) || allow(ctx, req, HttpMethod.POST)) {
                    Map<String, List<String>> params = params(ctx, req, uri);
                    if (params != null) {
                        influxWrites.query(ctx, req, params);
                    }
                }
            }
            case "/ping" -> {
                if (allow(ctx, req, HttpMethod.GET)) {
                    HttpResponses.noContent(ctx, req);
                }
            }
            case "/healthz" -> {
                if (allow(ctx, req, HttpMethod.GET)) {
                    health(ctx, req);
                }
            }
            case "/metrics" -> {
                if (allow(ctx, req, HttpMethod.GET) && access.permits(ctx, req, Permission.ADMIN)) {
                    HttpResponses.text(ctx, req, HttpResponseStatus.OK, PROMETHEUS_TYPE, server.prometheus().get());
                }
            }
            default -> statics.serve(ctx, req, path);
        }
    }

    /**
     * {@code 200 {"status":"ok"}} while the server runs; {@code 503} with {@code "stopping"} while it stops, and with
     * {@code "degraded"} while a node cannot reach its cluster's Redis (its clients stay connected; its publishers are
     * refused once its outbound buffer is full), or once that Redis lost the cluster's data (publishers refused).
     */
    private void health(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!server.running().getAsBoolean()) {
            HttpResponses.json(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("status", "stopping"));
        } else if (!server.hub().clusterReachable()) {
            Map<String, String> degraded = new LinkedHashMap<>();
            degraded.put("status", "degraded");
            degraded.put("reason", "the cluster's Redis is unreachable; reconnecting");
            HttpResponses.json(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, degraded);
        } else if (server.hub().clusterEpochLost()) {
            Map<String, String> degraded = new LinkedHashMap<>();
            degraded.put("status", "degraded");
            degraded.put("reason", "the cluster's Redis lost its data (its epoch is gone); this node is adopting a "
                    + "new epoch");
            HttpResponses.json(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, degraded);
        } else {
            HttpResponses.json(ctx, req, HttpResponseStatus.OK, Map.of("status", "ok"));
        }
    }

    /**
     * The statistics with one page of the clients ({@code ?clients_offset=N&clients_limit=M}, in connection order;
     * {@link ClientsPage#DEFAULT_HTTP_LIMIT} clients from the first by default): every client carries its filters, so
     * thousands of them are read a page at a time. A bad parameter is a 400 naming it.
     */
    private void statistics(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        ClientsPage page;
        try {
            // A malformed escape in the query is refused here too: the decoder reads the query only now, and throws.
            Map<String, List<String>> params = uri.parameters();
            List<String> scope = params.getOrDefault("scope", List.of());
            String asked = scope.isEmpty() ? "node" : scope.get(scope.size() - 1);
            if (asked.equals("cluster")) {
                clusterStatistics(ctx, req);
                return;
            }
            if (!asked.equals("node")) {
                throw new IllegalArgumentException("scope must be 'node' (this server) or 'cluster' (every node of "
                        + "its cluster), was '" + asked + "'");
            }
            page = new ClientsPage(intParam(params, "clients_offset", 0),
                    intParam(params, "clients_limit", ClientsPage.DEFAULT_HTTP_LIMIT));
        } catch (IllegalArgumentException e) {
            HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        HttpResponses.json(ctx, req, HttpResponseStatus.OK, server.statistics().apply(page));
    }

    /** {@code ?scope=cluster}: every live node of the cluster; a 400 for a server that is no node of one. */
    private void clusterStatistics(ChannelHandlerContext ctx, FullHttpRequest req) {
        ClusterStatistics cluster = server.hub().clusterStatistics();
        if (cluster == null) {
            HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "scope=cluster: this server is not a node "
                    + "of a cluster (--redis)");
            return;
        }
        HttpResponses.json(ctx, req, HttpResponseStatus.OK, cluster);
    }

    /** The query's parameters, or null when its escapes are malformed (answered 400). */
    private static Map<String, List<String>> params(ChannelHandlerContext ctx, FullHttpRequest req,
                                                    QueryStringDecoder uri) {
        try {
            return uri.parameters();
        } catch (IllegalArgumentException e) {
            HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    private static int intParam(Map<String, List<String>> params, String name, int absent) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(values.get(values.size() - 1));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from 0, was '"
                    + values.get(values.size() - 1) + "'", e);
        }
    }

    private static boolean allow(ChannelHandlerContext ctx, FullHttpRequest req, HttpMethod method) {
        if (req.method().equals(method) || method.equals(HttpMethod.GET) && req.method().equals(HttpMethod.HEAD)) {
            return true;
        }
        HttpResponses.methodNotAllowed(ctx, req, method.equals(HttpMethod.GET) ? "GET, HEAD" : method.name());
        return false;
    }

    private void ingest(ChannelHandlerContext ctx, FullHttpRequest req) {
        ByteBuf content = req.content();
        int length = content.readableBytes();
        if (length > IngestParser.MAX_BODY_BYTES) {
            // A chunked body, which the aggregator takes up to the write endpoints' larger limit.
            HttpResponses.error(ctx, req, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body is over " + IngestParser.MAX_BODY_BYTES + " bytes (1 MiB): split it into several requests");
            return;
        }
        byte[] body;
        int offset = 0;
        if (content.hasArray()) {
            body = content.array();
            offset = content.arrayOffset() + content.readerIndex();
        } else {
            body = bodyBuffer(length);
            content.getBytes(content.readerIndex(), body, 0, length);
        }
        List<MetricEnvelope> envelopes;
        try {
            envelopes = server.ingest().parse(body, offset, length, Instant.now());
        } catch (IngestException e) {
            HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        Admission admission = server.hub().offer(envelopes);
        if (admission != Admission.ACCEPTED) {
            HttpResponses.error(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, admission.reason());
            return;
        }
        // Built as text: this answers every publish, and needs no serializer.
        HttpResponses.send(ctx, req, HttpResponseStatus.ACCEPTED, HttpResponses.JSON, Unpooled.wrappedBuffer(
                ("{\"accepted\":" + envelopes.size() + "}").getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * This thread's body buffer, grown to hold {@code length} bytes; past {@link IngestParser#MAX_BODY_BYTES} (a
     * line protocol write's) a new array each time, so that a loop does not keep a write endpoint's largest body.
     */
    private static byte[] bodyBuffer(int length) {
        if (length > IngestParser.MAX_BODY_BYTES) {
            return new byte[length];
        }
        byte[] body = BODY.get();
        if (body.length < length) {
            // The next power of two: a few growths reach the largest body.
            body = new byte[Integer.highestOneBit(Math.max(1, length - 1)) << 1];
            BODY.set(body);
        }
        return body;
    }

    /**
     * Only what this handler throws reaches it (the admission step before it takes the decoders' failures): a fault
     * of ours, logged with its stack trace rather than closed in silence, unless it is a client error.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.close(LOG, ctx, cause, server.stats());
    }
}
