package io.metricsstreamer.bench;

/** What the publisher sends ({@code --metric-mix}). */
public enum MetricMix {
    /**
     * The workload's own bodies: the C harness's system record (about 520 bytes), W5's agent arrays, W6's padded
     * records ({@link MetricBodies}).
     */
    HARNESS,
    /**
     * The {@code demo} command's traffic: system, agent, business, hero and presentation metrics in the demo's
     * proportions and with its values ({@link DemoMix}), whatever the workload.
     */
    DEMO
}
