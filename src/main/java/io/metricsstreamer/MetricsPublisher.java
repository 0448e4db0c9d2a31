package io.metricsstreamer;

import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import java.util.List;

/**
 * The publishing half of the API, for code that only feeds metrics (a stress test, the demo). Implementations are
 * thread-safe and never block; each method returns false when the metric was refused (and counted as dropped).
 */
public interface MetricsPublisher {
    /** Publishes system metrics. */
    boolean broadcastSystemMetrics(SystemMetrics metrics);

    /** Publishes one record per agent, as an array. */
    boolean broadcastAgentMetrics(List<AgentMetrics> metrics);

    /** Publishes business metrics. */
    boolean broadcastBusinessMetrics(BusinessMetrics metrics);

    /** Publishes the headline figures. */
    boolean broadcastHeroMetrics(HeroMetrics metrics);

    /** Publishes presentation data. */
    boolean broadcastPresentationData(PresentationData data);

    /** Publishes a metric of any registered type; data must serialise to an object or an array of objects. */
    boolean queueMetric(String metricType, Object data);
}
