package io.metricsstreamer.cli;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.demo.LoadProfile;
import io.metricsstreamer.demo.SyntheticStressTest;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: the server plus a synthetic stress test feeding it, with the URLs to open. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the server with a synthetic stress test feeding it all five metric types; open the "
                + "printed dashboard URL to watch it live.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: run until Ctrl-C, like serve).")
    Double duration;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "MIXED", converter = LoadProfileConverter.class,
            description = "Load profile, in any case: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: ramp, "
                    + "sustained, burst, wave in turn; failures are injected now and then in every profile).")
    LoadProfile profile;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "6",
            description = "Number of simulated agents, 4 to 8 make the best show (1..8, default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--rate-multiplier", paramLabel = "X", defaultValue = "1",
            description = "Publish cadence multiplier: 1 sends system metrics every 250 ms and the others every "
                    + "second; 4 sends every metric four times as often (0.1..100, default: ${DEFAULT-VALUE}).")
    double rateMultiplier;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, to replay the same test (default: "
            + "the clock).")
    Long seed;

    @Override
    public Integer call() throws InterruptedException {
        SyntheticStressTest.Options demo = new SyntheticStressTest.Options(profile, agents, rateMultiplier,
                seed != null ? seed : System.nanoTime());
        StreamerConfig config = options.toConfig();
        RealTimeMetricsStreamer streamer = ServerRunner.start(config);
        SyntheticStressTest test = new SyntheticStressTest(streamer, demo);
        printHowToConnect(config, streamer);
        test.start();
        if (duration == null) {
            ServerRunner.awaitShutdown(streamer);
            return 0;
        }
        ServerRunner.installStopHook(streamer);
        new CountDownLatch(1).await(Math.round(duration * 1000), TimeUnit.MILLISECONDS);
        test.close();
        streamer.stop();
        Console.line("demo finished: " + test.published() + " metrics published");
        return 0;
    }

    static void printHowToConnect(StreamerConfig config, RealTimeMetricsStreamer streamer) {
        String host = "0.0.0.0".equals(config.host()) || "::".equals(config.host()) ? "localhost" : config.host();
        boolean tls = config.tlsEnabled();
        String http = (tls ? "https://" : "http://") + host + ":" + streamer.getHttpPort();
        String ws = (tls ? "wss://" : "ws://") + host + ":" + streamer.getPort() + "/";
        String insecure = config.tlsSelfSigned() ? "-k " : "";
        Console.line("");
        Console.line("  dashboard:    " + http + "/");
        Console.line("  test client:  " + http + "/websocket_test_client.html");
        Console.line("  statistics:   " + http + "/api/statistics");
        Console.line("  websocket:    " + ws + "  (also " + http.replaceFirst("^http", "ws") + "/ws)");
        Console.line("  python:       pip install websockets; the README's Python client, with URL " + ws);
        Console.line("  javascript:   new WebSocket('" + ws + "').onmessage = e => console.log(JSON.parse(e.data))");
        Console.line("  publish:      curl " + insecure + "-XPOST " + http + "/api/metrics -d "
                + "'{\"metric_type\":\"system\",\"data\":{\"throughput_tps\":1}}'");
        if (config.auth().authEnabled()) {
            Console.line("  tokens:       authentication is on: mint them with the token command, open the pages with "
                    + "?token=TOKEN, send Authorization: Bearer TOKEN (docs/SECURITY.md)");
        }
        Console.line("");
    }
}
