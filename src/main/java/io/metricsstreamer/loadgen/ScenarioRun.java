package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A finished run: its summary, and the intervals it published for a report, each the {@code data} object of the
 * SystemMetrics (or, per endpoint, the AgentMetrics) plus {@code elapsed_seconds} since the start (at most
 * 20,000 kept per series, thinned evenly on a longer run).
 */
public record ScenarioRun(RunSummary summary, List<ObjectNode> systemIntervals,
        Map<String, List<ObjectNode>> endpointIntervals) {
}
