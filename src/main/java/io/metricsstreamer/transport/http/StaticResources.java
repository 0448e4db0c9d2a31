package io.metricsstreamer.transport.http;

import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the files under {@code public/} on the classpath (the pages and their scripts), and the chart library
 * from its WebJar under {@code /vendor/uplot/}, so nothing a page uses comes from the internet. {@code /} is
 * {@code index.html}. Paths with {@code ..} or backslashes are refused. Files are read once and cached: they are
 * part of the jar and never change. Thread-safe.
 */
public final class StaticResources {
    private static final String ROOT = "public";
    /** URL prefix of the uPlot WebJar's {@code dist/} files. */
    public static final String UPLOT_PREFIX = "/vendor/uplot/";
    private static final String UPLOT_ROOT = "META-INF/resources/webjars/uplot/" + buildProperty("uplot.version")
            + "/dist/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "map", "application/json; charset=utf-8");
    private static final byte[] MISSING = new byte[0];

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Answers a GET for {@code path} with the file, or 404. */
    void serve(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        String file = "/".equals(path) ? "/index.html" : path;
        boolean unsafe = file.contains("..") || file.contains("\\") || file.endsWith("/");
        byte[] body = unsafe ? MISSING : cache.computeIfAbsent(file, this::load);
        if (body == MISSING) {
            HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            HttpResponses.methodNotAllowed(ctx, req, "GET, HEAD");
            return;
        }
        HttpResponses.send(ctx, req, HttpResponseStatus.OK, typeOf(file), Unpooled.wrappedBuffer(body));
    }

    private byte[] load(String file) {
        String resource = file.startsWith(UPLOT_PREFIX) ? UPLOT_ROOT + file.substring(UPLOT_PREFIX.length())
                : ROOT + file;
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? MISSING : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + file, e);
        }
    }

    private static String buildProperty(String name) {
        Properties p = new Properties();
        try (InputStream in = StaticResources.class.getClassLoader()
                .getResourceAsStream("metrics-streamer-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics-streamer-build.properties", e);
        }
        return p.getProperty(name, "missing");
    }

    private static String typeOf(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
