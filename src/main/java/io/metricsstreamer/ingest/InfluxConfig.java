package io.metricsstreamer.ingest;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options of the line protocol endpoints (SPEC 13), as given: {@code --influx-map MEASUREMENT=TYPE} (repeatable),
 * {@code --influx-default-type TYPE}, {@code --influx-agent-tag TAG} and {@code --influx-load-tools on|off}.
 * Immutable; the types are checked against the server's registry by {@link #mapping}.
 *
 * @param map         measurement name to metric type name
 * @param defaultType the metric type of a measurement nothing else maps, or null: such a point is refused
 * @param agentTag    the tag whose value becomes a point's {@code agent_id}
 * @param loadTools   whether JMeter's and k6's measurements are summarised for the dashboard
 */
public record InfluxConfig(Map<String, String> map, String defaultType, String agentTag, boolean loadTools) {
    /** No mapping, no default type, tag {@code agent_id}, load tools summarised. */
    public static final InfluxConfig DEFAULTS = new InfluxConfig(Map.of(), null, InfluxMapping.DEFAULT_AGENT_TAG,
            true);

    /** Validates and copies, keeping the map's order. */
    public InfluxConfig {
        Objects.requireNonNull(map, "map");
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("--influx-map takes MEASUREMENT=TYPE, both not empty, was '"
                        + e.getKey() + "=" + e.getValue() + "'");
            }
        }
        map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
        if (defaultType != null && defaultType.isEmpty()) {
            defaultType = null;
        }
        if (agentTag == null || agentTag.isEmpty()) {
            throw new IllegalArgumentException("--influx-agent-tag must not be empty");
        }
    }

    /**
     * The mapping onto {@code types}, with the load tools' {@code rules} when {@link #loadTools} is on.
     *
     * @throws IllegalArgumentException naming the option whose type the registry lacks
     */
    public InfluxMapping mapping(MetricTypes types, LoadToolRules rules) {
        Map<String, MetricType> byMeasurement = new LinkedHashMap<>();
        map.forEach((measurement, type) -> byMeasurement.put(measurement, type(types, type,
                "--influx-map " + measurement + "=" + type)));
        MetricType fallback = defaultType == null ? null
                : type(types, defaultType, "--influx-default-type " + defaultType);
        return new InfluxMapping(byMeasurement, fallback, agentTag, types, loadTools ? rules : LoadToolRules.NONE);
    }

    private static MetricType type(MetricTypes types, String name, String option) {
        return types.find(name).orElseThrow(() -> new IllegalArgumentException(option + ": no metric type '" + name
                + "'; the server has " + types.names() + " (register more with --metric-type NAME)"));
    }
}
