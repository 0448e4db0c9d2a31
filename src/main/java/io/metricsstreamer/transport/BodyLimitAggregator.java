package io.metricsstreamer.transport;

import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.ingest.LineProtocolParser;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Aggregates HTTP requests up to {@link IngestParser#MAX_BODY_BYTES}, and the line protocol write endpoints' up to
 * {@link LineProtocolParser#MAX_BODY_BYTES}; a larger body is answered 413 with a JSON error, whether or not the
 * request asked {@code Expect: 100-continue}. A body without a {@code Content-Length} (chunked) is aggregated up to
 * the larger limit whatever its path; the router refuses one over its path's limit.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    BodyLimitAggregator() {
        super(LineProtocolParser.MAX_BODY_BYTES);
    }

    /** The body limit of a request to {@code uri}. */
    static int limitOf(String uri) {
        String path = new QueryStringDecoder(uri).rawPath();
        return path.equals("/write") || path.equals("/api/v2/write") ? LineProtocolParser.MAX_BODY_BYTES
                : IngestParser.MAX_BODY_BYTES;
    }

    private static int limitOf(HttpMessage start) {
        return start instanceof HttpRequest req ? limitOf(req.uri()) : IngestParser.MAX_BODY_BYTES;
    }

    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
        try {
            return HttpUtil.getContentLength(start, -1L) > limitOf(start);
        } catch (NumberFormatException e) {
            // Not a length: the decoder's failure on the request is what answers it (400), as in Netty's own check.
            return false;
        }
    }

    /** The refusal of a body over {@code limit} bytes. */
    static String tooLarge(int limit) {
        return "body is over " + limit + " bytes (" + (limit >> 20) + " MiB): split it into several requests";
    }

    /**
     * Netty answers an {@code Expect: 100-continue} request whose {@code Content-Length} is over the limit with a
     * bare 413 of its own, an empty body, from here. Such a request gets no continue answer instead, so the
     * aggregator goes on to its length check and {@link #handleOversizedMessage} answers it as any other oversized
     * request: the same JSON error (curl sends the expectation for every body over 1 MiB). Other expectations and
     * bodies within the limit keep Netty's answers (417, 100 Continue).
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    /**
     * Answers 413 at once. On a keep-alive request the connection stays open: the aggregator discards the rest of
     * the body, so the client finishes sending and reads the answer (closing here would reset the connection under
     * a client still sending, and it would never see the 413). A client that asked {@code Expect: 100-continue} sends
     * no body after the 413, and closes (curl does) or is closed at the request's deadline.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpRequest req = oversized instanceof HttpRequest r ? r : null;
        HttpResponses.error(ctx, req, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(limitOf(oversized)));
    }
}
