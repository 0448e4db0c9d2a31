package io.metricsstreamer.transport.http;

import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Serves the files under {@code public/} on the classpath (the pages and their scripts), and the chart library
 * from its WebJar under {@code /vendor/uplot/}, so nothing a page uses comes from the internet. {@code /} is
 * {@code index.html}. The files are listed once, at construction: a path is served only when it is exactly the name
 * of one of them, so a directory, a missing file, or a file named otherwise ({@code //}, {@code .}, {@code ..},
 * backslashes) is 404. Files are read on first request and cached: they are part of the jar and never change, and
 * the cache holds at most the files listed (a miss is never cached). Thread-safe.
 */
public final class StaticResources {
    private static final String ROOT = "public";
    /** URL prefix of the uPlot WebJar's {@code dist/} files. */
    public static final String UPLOT_PREFIX = "/vendor/uplot/";
    private static final String UPLOT_ROOT = "META-INF/resources/webjars/uplot/" + buildProperty("uplot.version")
            + "/dist";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "map", "application/json; charset=utf-8");
    /** URL path of every file served to its classpath resource name. */
    private final Map<String, String> files;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Lists the files under {@code public/} and the uPlot WebJar's {@code dist/}. */
    public StaticResources() {
        Map<String, String> found = new HashMap<>();
        list(ROOT, "index.html", "/", found);
        list(UPLOT_ROOT, "uPlot.iife.min.js", UPLOT_PREFIX, found);
        files = Map.copyOf(found);
    }

    /** Answers a GET for {@code path} with the file, or 404. */
    void serve(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        String file = "/".equals(path) ? "/index.html" : path;
        String resource = files.get(file);
        if (resource == null) {
            HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            HttpResponses.methodNotAllowed(ctx, req, "GET, HEAD");
            return;
        }
        byte[] body = cache.computeIfAbsent(file, f -> load(resource));
        HttpResponses.send(ctx, req, HttpResponseStatus.OK, typeOf(file), Unpooled.wrappedBuffer(body));
    }

    /** How many paths the cache holds (for tests). */
    int cachedPaths() {
        return cache.size();
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("listed at start, gone now");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + resource, e);
        }
    }

    /**
     * Adds each regular file under the classpath directory {@code root} (in a directory or a jar) to {@code out}:
     * {@code prefix} + its path under {@code root} to its resource name. {@code root} is found by {@code anchor}, a
     * file directly in it: jars need not hold entries for their directories.
     */
    private static void list(String root, String anchor, String prefix, Map<String, String> out) {
        URL url = StaticResources.class.getClassLoader().getResource(root + "/" + anchor);
        if (url == null) {
            throw new IllegalStateException("bundled resource missing: " + root + "/" + anchor);
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection jar = (JarURLConnection) url.openConnection();
                String dir = root + "/";
                try (JarFile file = new JarFile(Path.of(jar.getJarFileURL().toURI()).toFile())) {
                    file.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(dir))
                            .forEach(e -> out.put(prefix + e.getName().substring(dir.length()), e.getName()));
                }
            } else {
                Path dir = Path.of(url.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(f -> {
                        String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                        out.put(prefix + name, root + "/" + name);
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bundled resources under " + root, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list bundled resources under " + root, e);
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
