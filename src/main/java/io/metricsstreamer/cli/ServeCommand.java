package io.metricsstreamer.cli;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.recording.PlaybackTimestamps;
import io.metricsstreamer.recording.RecordingPlayer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the server until SIGINT or SIGTERM, playing a recording into it when asked. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the metrics streaming server until stopped (Ctrl-C or SIGTERM: clients get close 1001).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Option(names = "--play", paramLabel = "FILE",
            description = "Publish the recording FILE (made with --record) again at its recorded pace, beside "
                    + "anything else published; the server goes on serving when it ends (default: none).")
    Path play;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "With --play: how much faster than recorded, more than 0 (2: twice as fast, 0.5: half as "
                    + "fast) (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--play-loop", description = "With --play: start the recording again at its end, until stopped.")
    boolean playLoop;

    @Option(names = "--play-timestamps", paramLabel = "now|recorded", defaultValue = "now",
            converter = PlaybackTimestampsConverter.class,
            description = "With --play: the metrics' timestamps: now (the moment each is played, so the dashboard "
                    + "shows the run as live, its spacing kept) or recorded (as first published) "
                    + "(default: ${DEFAULT-VALUE}).")
    PlaybackTimestamps playTimestamps;

    @Override
    public Integer call() throws InterruptedException {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a number more than 0 (2: twice as fast as recorded, "
                    + "0.5: half as fast), was " + speed);
        }
        StreamerConfig config = options.toConfig();
        RecordingPlayer player = play == null ? null : openPlayer(config);
        RealTimeMetricsStreamer streamer;
        try {
            streamer = ServerRunner.start(config);
        } catch (RuntimeException e) {
            if (player != null) {
                player.close();
            }
            throw e;
        }
        if (player != null) {
            player.start(streamer::publishEnvelopes);
        }
        ServerRunner.awaitShutdown(streamer);
        return 0;
    }

    /** The player of {@code --play}, its file checked before anything starts. */
    private RecordingPlayer openPlayer(StreamerConfig config) {
        RecordingPlayer.Settings settings = new RecordingPlayer.Settings(play, speed, playLoop, playTimestamps);
        if (config.record() != null
                && config.record().toAbsolutePath().normalize().equals(play.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--record and --play name the same file, " + play + ": the playback "
                    + "would be appended to the recording it reads; record to another file");
        }
        try {
            return RecordingPlayer.open(settings, config.metricTypes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--play: " + e.getMessage(), e);
        }
    }
}
