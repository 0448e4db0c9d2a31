package io.metricsstreamer.cli;

import io.metricsstreamer.recording.PlaybackTimestamps;

/** Reads {@code --play-timestamps} in any case. */
final class PlaybackTimestampsConverter extends CaseInsensitiveEnumConverter<PlaybackTimestamps> {
    PlaybackTimestampsConverter() {
        super(PlaybackTimestamps.class, "a choice of timestamps");
    }
}
