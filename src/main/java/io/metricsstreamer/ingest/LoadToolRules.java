package io.metricsstreamer.ingest;

import java.util.List;

/**
 * What the line protocol parser asks of the load tools' summaries: which measurements they read, and whether a
 * write that holds points nothing maps is a tool's (whose own metrics, such as a k6 script's custom ones, are then
 * accepted without being published) rather than refused. Stateless and thread-safe.
 */
public interface LoadToolRules {
    /** No load tool: every measurement must be mapped. */
    LoadToolRules NONE = new LoadToolRules() {
        @Override
        public boolean reads(String measurement) {
            return false;
        }

        @Override
        public boolean adoptsUnmapped(List<ToolPoint> summarized) {
            return false;
        }
    };

    /** Whether a load tool's summary reads the points of {@code measurement}. */
    boolean reads(String measurement);

    /**
     * Whether a write whose summarised points are {@code summarized} may also hold points nothing maps: true when
     * they show the write is a tool's that writes metrics of its users' naming too.
     */
    boolean adoptsUnmapped(List<ToolPoint> summarized);
}
