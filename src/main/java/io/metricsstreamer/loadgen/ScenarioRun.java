package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A finished run: its summary, and the intervals it published for a report, each the {@code data} object of the
 * SystemMetrics (or, per endpoint, the AgentMetrics) plus {@code elapsed_seconds} since the start, and the interval's
 * rates that the published records do not carry: {@code target_tps} (requests due in the interval, per second) on
 * the system's, {@code throughput_tps} (responses per second) on an endpoint's. At most 20,000 are kept per series,
 * thinned evenly on a longer run.
 */
public record ScenarioRun(RunSummary summary, List<ObjectNode> systemIntervals,
        Map<String, List<ObjectNode>> endpointIntervals) {
}
