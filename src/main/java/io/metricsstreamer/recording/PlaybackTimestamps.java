package io.metricsstreamer.recording;

/** Which timestamps a played-back metric carries. */
public enum PlaybackTimestamps {
    /**
     * The moment of its playback: the playback's start plus its recorded offset divided by the speed. The dashboard
     * charts by timestamp, so a past run plays as a live one, keeping its relative spacing (scaled by the speed).
     */
    NOW,
    /** The timestamp it was published with, as recorded. */
    RECORDED
}
