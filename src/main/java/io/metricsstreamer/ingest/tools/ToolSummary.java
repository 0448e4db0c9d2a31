package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One metric a summary made: its metric type's name ({@code system} or {@code agent}), its timestamp, and its data.
 * Immutable once made.
 *
 * @param type      the metric type's name
 * @param timestamp when the window it sums ended (JMeter) or began (k6's seconds)
 * @param data      a JSON object ({@code system}) or an array of records ({@code agent})
 */
record ToolSummary(String type, Instant timestamp, JsonNode data) {
}
