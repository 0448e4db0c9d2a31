package io.metricsstreamer.bench;

/** How the publisher sends its metrics ({@code --publish-format}). */
public enum PublishFormat {
    /** JSON envelopes, an array per POST, to {@code POST /api/metrics}. */
    JSON,
    /**
     * InfluxDB line protocol, a line per metric, to {@code POST /write?precision=ns} (SPEC 13), as a load tool's
     * InfluxDB output sends it: measurement {@code system} (which the server maps to the type of that name), the
     * JSON records' fields as its fields, and a nanosecond timestamp. Only the system records have this form: not
     * W5's agent arrays nor the demo's mix.
     */
    INFLUX
}
