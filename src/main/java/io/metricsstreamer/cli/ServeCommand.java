package io.metricsstreamer.cli;

import io.metricsstreamer.RealTimeMetricsStreamer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: runs the server until SIGINT or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the metrics streaming server until stopped (Ctrl-C or SIGTERM: clients get close 1001).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        RealTimeMetricsStreamer streamer = ServerRunner.start(options.toConfig());
        ServerRunner.awaitShutdown(streamer);
        return 0;
    }
}
