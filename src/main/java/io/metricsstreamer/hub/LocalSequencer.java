package io.metricsstreamer.hub;

/** The sequence of one server process: starts at 1. Single writer (the dispatcher). */
public final class LocalSequencer implements Sequencer {
    private long last;

    @Override
    public long next() {
        return ++last;
    }
}
