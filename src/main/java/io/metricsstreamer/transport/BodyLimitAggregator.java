package io.metricsstreamer.transport;

import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates HTTP requests up to {@link IngestParser#MAX_BODY_BYTES}; a larger body is answered 413 with a JSON
 * error.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    BodyLimitAggregator() {
        super(IngestParser.MAX_BODY_BYTES);
    }

    /**
     * Answers 413 at once. On a keep-alive request the connection stays open: the aggregator discards the rest of
     * the body, so the client finishes sending and reads the answer (closing here would reset the connection under
     * a client still sending, and it would never see the 413).
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpRequest req = oversized instanceof HttpRequest r ? r : null;
        HttpResponses.error(ctx, req, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "body is over " + IngestParser.MAX_BODY_BYTES + " bytes (1 MiB): split it into several requests");
    }
}
