package io.metricsstreamer.cli;

import io.metricsstreamer.bench.MetricMix;

/** Reads {@code bench --metric-mix} in any case ({@code demo}, {@code DEMO}). */
final class MetricMixConverter extends CaseInsensitiveEnumConverter<MetricMix> {
    MetricMixConverter() {
        super(MetricMix.class, "a metric mix");
    }
}
