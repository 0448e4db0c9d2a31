package io.metricsstreamer.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StaticResourcesTest {
    private final StaticResources statics = new StaticResources();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            statics.serve(ctx, req, req.uri());
        }
    });

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private int get(String path) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path));
        FullHttpResponse res = channel.readOutbound();
        try {
            return res.status().code();
        } finally {
            res.release();
        }
    }

    @Test
    void missesAreNotCachedSoTheCacheHoldsOnlyFilesThatExist() {
        for (int i = 0; i < 1000; i++) {
            assertThat(get("/missing-" + i + ".js")).isEqualTo(404);
            assertThat(get("/js/lib/missing-" + i + ".js")).isEqualTo(404);
        }
        assertThat(get("/js/lib/format.js")).isEqualTo(200);
        assertThat(get("/js/lib/format.js")).isEqualTo(200);
        assertThat(get("/vendor/uplot/uPlot.iife.min.js")).isEqualTo(200);

        assertThat(statics.cachedPaths()).isEqualTo(2);
    }

    @Test
    void pathsThatNameAFileOtherwiseThanByItsOwnNameAreMissing() {
        for (String path : new String[] {"/js//lib/format.js", "/./js/lib/format.js", "/js/lib/../lib/format.js",
            "/js", "/css", "/vendor/uplot", "/js\\lib\\format.js"}) {
            assertThat(get(path)).as(path).isEqualTo(404);
        }
        assertThat(statics.cachedPaths()).isZero();
    }
}
