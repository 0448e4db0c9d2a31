package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.MetricHistory;
import io.metricsstreamer.delivery.PublishedMetric;
import java.util.AbstractList;

/**
 * Cluster mode: where a loop's stream of posted chunks passes from the old epoch to a new one. Posted to each loop
 * like a chunk (it holds no metric), so the loop delivers every chunk of the old epoch before it, then closes the
 * sessions of the old epoch (those opened on {@link #history}'s predecessor), then delivers the new epoch's chunks to
 * the sessions opened in it. Immutable.
 */
final class EpochMark extends AbstractList<PublishedMetric> {
    private final MetricHistory history;

    EpochMark(MetricHistory history) {
        this.history = history;
    }

    /** The new epoch's history: a session opened with it stays. */
    MetricHistory history() {
        return history;
    }

    @Override
    public PublishedMetric get(int index) {
        throw new IndexOutOfBoundsException("an epoch mark holds no metric");
    }

    @Override
    public int size() {
        return 0;
    }
}
