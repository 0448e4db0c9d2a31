package io.metricsstreamer.transport;

import io.metricsstreamer.ingest.IngestParser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates HTTP requests up to {@link IngestParser#MAX_BODY_BYTES}; a larger body is answered 413 with a JSON
 * error and the connection closed (the rest of the body is not read).
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    BodyLimitAggregator() {
        super(IngestParser.MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpResponses.error(ctx, null, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "body is over " + IngestParser.MAX_BODY_BYTES + " bytes (1 MiB): split it into several requests");
    }
}
