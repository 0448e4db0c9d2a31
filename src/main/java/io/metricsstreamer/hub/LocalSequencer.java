package io.metricsstreamer.hub;

import java.util.UUID;

/** The sequence of one server process: starts at 1, a fresh epoch per start. Single writer (the dispatcher). */
public final class LocalSequencer implements Sequencer {
    private final String epoch = UUID.randomUUID().toString();
    private long last;

    @Override
    public long next() {
        return ++last;
    }

    @Override
    public String epoch() {
        return epoch;
    }
}
