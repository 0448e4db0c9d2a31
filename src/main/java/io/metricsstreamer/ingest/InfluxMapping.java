package io.metricsstreamer.ingest;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How line protocol points become envelopes (SPEC 13): the metric type of a measurement ({@code --influx-map
 * MEASUREMENT=TYPE}; else the measurement itself when it names a metric type; else {@code --influx-default-type};
 * else the point is refused unless a load tool's summary takes it), and the tag that gives a point's
 * {@code agent_id} ({@code --influx-agent-tag}). Immutable.
 *
 * @param byMeasurement the explicit mapping, measurement name to metric type
 * @param defaultType   the type of a measurement nothing else maps, or null: such a point is refused
 * @param agentTag      the tag whose value becomes the point's {@code agent_id}
 * @param types         the server's metric types (a measurement that names one maps to it)
 * @param tools         the load tools' summaries ({@code io.metricsstreamer.ingest.tools}): a point of a
 *                      measurement one reads is handed to it, and is not refused when nothing maps it (it is then
 *                      not published itself)
 */
public record InfluxMapping(Map<String, MetricType> byMeasurement, MetricType defaultType, String agentTag,
                            MetricTypes types, LoadToolRules tools) {
    /** The default agent tag. */
    public static final String DEFAULT_AGENT_TAG = "agent_id";

    /** Validates and copies the mapping. */
    public InfluxMapping {
        byMeasurement = Map.copyOf(byMeasurement);
        Objects.requireNonNull(agentTag, "agentTag");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(tools, "tools");
        if (agentTag.isEmpty()) {
            throw new IllegalArgumentException("the agent tag must not be empty");
        }
    }

    /** A mapping that hands no measurement to a summary. */
    public InfluxMapping(Map<String, MetricType> byMeasurement, MetricType defaultType, String agentTag,
                         MetricTypes types) {
        this(byMeasurement, defaultType, agentTag, types, LoadToolRules.NONE);
    }

    /** No explicit mapping, no default type, the default agent tag, no summary. */
    public static InfluxMapping defaults(MetricTypes types) {
        return new InfluxMapping(Map.of(), null, DEFAULT_AGENT_TAG, types);
    }

    /** Whether a load tool's summary reads the points of {@code measurement}. */
    public boolean isSummarized(String measurement) {
        return tools.reads(measurement);
    }

    /** The metric type of {@code measurement}, if anything maps it. */
    public Optional<MetricType> typeOf(String measurement) {
        MetricType t = byMeasurement.get(measurement);
        if (t != null) {
            return Optional.of(t);
        }
        Optional<MetricType> named = types.find(measurement).filter(n -> n.name().equals(measurement));
        return named.isPresent() ? named : Optional.ofNullable(defaultType);
    }
}
