package io.metricsstreamer.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What every report inlines, read once from the classpath: uPlot's script and style from its WebJar (the version the
 * build bundled), and the report page's own script and style. uPlot's banner comment names its home page by URL;
 * it is rewritten without the scheme, so the file holds no address a reader could mistake for a fetch.
 */
record ReportAssets(String uplotVersion, String productVersion, String uplotJs, String uplotCss, String pageJs,
                    String pageCss) {
    private static final String BUILD = "metrics-streamer-build.properties";

    /** The assets, loaded on first use. */
    static ReportAssets get() {
        return Holder.ASSETS;
    }

    private static final class Holder {
        static final ReportAssets ASSETS = load();
    }

    private static ReportAssets load() {
        Properties build = new Properties();
        try (InputStream in = resource(BUILD)) {
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD, e);
        }
        String uplot = build.getProperty("uplot.version");
        String dist = "META-INF/resources/webjars/uplot/" + uplot + "/dist/";
        String js = read(dist + "uPlot.iife.min.js").replace("https://github.com/leeoniya/uPlot",
                "uPlot, MIT License, github.com/leeoniya/uPlot");
        return new ReportAssets(uplot, build.getProperty("version", "unknown"), js, read(dist + "uPlot.min.css"),
                read("io/metricsstreamer/report/report.js"), read("io/metricsstreamer/report/report.css"));
    }

    private static String read(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + name, e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ReportAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("bundled resource missing: " + name);
        }
        return in;
    }
}
