package example;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.stats.StatisticsSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A stress test that embeds the server, as the original design's example does: start it, let a dashboard (here a
 * WebSocket client) connect, broadcast metrics while the test runs, read the statistics, stop. Exits 1 when something
 * is not as it should be, so CI can run it.
 */
public final class EmbeddedStressTest {
    public static void main(String[] args) throws Exception {
        requireAbsent("picocli.CommandLine", "the command line");
        requireAbsent("ch.qos.logback.classic.Logger", "a logging backend");

        StreamerConfig config = StreamerConfig.builder().host("127.0.0.1").port(0).httpPort(0).batchSize(1).build();
        try (RealTimeMetricsStreamer streamer = new RealTimeMetricsStreamer(config)) {
            streamer.start();
            System.out.println("dashboard: http://127.0.0.1:" + streamer.getHttpPort() + "/");

            CompletableFuture<String> firstMetric = new CompletableFuture<>();
            WebSocket dashboard = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + streamer.getPort() + "/"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                if (text.indexOf("\"metric_update\"") >= 0) {
                                    firstMetric.complete(text.toString());
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            while (streamer.getClientCount() < 1) {
                Thread.onSpinWait();
            }

            // The stress test's loop: one SystemMetrics per interval.
            for (int second = 0; second < 5; second++) {
                boolean accepted = streamer.broadcastSystemMetrics(SystemMetrics.builder()
                        .throughputTps(1200.0 + second).requestsTotal(50_000).requestsSuccessful(49_900)
                        .requestsFailed(100).p50ResponseTimeMs(30).p99ResponseTimeMs(120).errorRate(0.002)
                        .build());
                require(accepted, "a broadcast was refused");
            }
            String metric = firstMetric.get(10, TimeUnit.SECONDS);
            require(metric.contains("\"throughput_tps\":1200.0"), "the dashboard got " + metric);

            StatisticsSnapshot stats = streamer.getStatistics();
            System.out.println("published " + stats.totalMetricsPublished() + ", clients " + stats.connectedClients());
            require(stats.totalMetricsPublished() == 5, "published " + stats.totalMetricsPublished());
            dashboard.abort();
        }
        System.out.println("embedded example: ok");
    }

    private static void requireAbsent(String className, String what) {
        try {
            Class.forName(className);
            fail("the library brought " + what + " (" + className + ") onto the application's classpath");
        } catch (ClassNotFoundException expected) {
            // the library's POM declares only what the library needs
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            fail(message);
        }
    }

    private static void fail(String message) {
        System.err.println("embedded example FAILED: " + message);
        System.exit(1);
    }
}
