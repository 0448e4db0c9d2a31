package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The intervals of a run kept for its report, at most {@link #CAPACITY}: when full, every second one kept is
 * dropped and from then on only every second interval is kept (then every fourth, ...), so a long run keeps its
 * whole shape at a coarser step instead of losing its start. Not thread-safe: the recorder's loop owns it.
 */
final class IntervalTimeline {
    /** The most intervals kept: 20,000 of 250 ms are 83 minutes at full resolution. */
    static final int CAPACITY = 20_000;

    private final int capacity;
    private final List<ObjectNode> kept = new ArrayList<>();
    private long offered;
    private long stride = 1;

    IntervalTimeline() {
        this(CAPACITY);
    }

    IntervalTimeline(int capacity) {
        this.capacity = capacity;
    }

    void add(ObjectNode interval) {
        if (offered++ % stride != 0) {
            return;
        }
        if (kept.size() == capacity) {
            List<ObjectNode> halved = new ArrayList<>(capacity);
            for (int i = 0; i < kept.size(); i += 2) {
                halved.add(kept.get(i));
            }
            kept.clear();
            kept.addAll(halved);
            stride *= 2;
            if ((offered - 1) % stride != 0) {
                return;
            }
        }
        kept.add(interval);
    }

    /** A copy of the intervals kept, oldest first. */
    List<ObjectNode> snapshot() {
        return List.copyOf(kept);
    }
}
