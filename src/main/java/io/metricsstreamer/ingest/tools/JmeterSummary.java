package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.ingest.ToolPoint;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JMeter's InfluxDB backend listener, made into the dashboard's metrics. The listener writes, every
 * {@code backend_influxdb.send_interval} seconds (5 by default), one request holding that window of the test:
 * <ul>
 *   <li>{@code jmeter,application=A,transaction=all,statut=all count=N,countError=E,avg=..,min=..,max=..,hit=..,
 *       sb=..,rb=..,pct99.0=..,pct95.0=..,pct90.0=..}: the whole test's window, which becomes a {@code system}
 *       metric (throughput is {@code count} over the window, the error rate {@code countError/count}, the latency
 *       figures JMeter's own, {@code sb + rb} the network throughput);</li>
 *   <li>the same per transaction with {@code statut=all}, {@code ok} and {@code ko}: an {@code agent} record per
 *       transaction (requests, errors from the {@code ko} line, latency, success rate);</li>
 *   <li>{@code transaction=internal}, the active threads ({@code meanAT}), added to the {@code system} metric as
 *       {@code active_threads};</li>
 *   <li>errors by response code, and {@code events} (the test's start and end annotations: logged).</li>
 * </ul>
 * The window is the time between two of an application's requests (every request carries the internal line), the
 * listener's default the first time. Thread-safe: one lock, taken once per write.
 */
final class JmeterSummary {
    /** The listener's measurement (its {@code measurement} parameter's default). */
    static final String MEASUREMENT = "jmeter";
    /** Its annotations' measurement. */
    static final String EVENTS = "events";
    /** The listener's default send interval: the window of an application's first request. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(JmeterSummary.class);
    private static final String ALL = "all";
    /** Applications kept apart, at most; the ones after share one state. */
    private static final int MAX_APPLICATIONS = 100;

    /** Per application: when its last request was written, and its running totals. */
    private final Map<String, Application> applications = new HashMap<>();

    static boolean reads(String measurement) {
        return MEASUREMENT.equals(measurement) || EVENTS.equals(measurement);
    }

    /** The metrics one write's JMeter points make, in order: per application a system metric, then its agents. */
    synchronized List<ToolSummary> take(List<ToolPoint> points) {
        Map<String, List<PointLine>> byApplication = new LinkedHashMap<>();
        for (ToolPoint p : points) {
            PointData data = PointData.of(p);
            if (EVENTS.equals(p.measurement())) {
                LOG.info("JMeter {}: {}", data.text("application", "?"), data.text("text", ""));
                continue;
            }
            byApplication.computeIfAbsent(data.text("application", ""), k -> new ArrayList<>())
                    .add(new PointLine(p.timestamp(), data));
        }
        List<ToolSummary> out = new ArrayList<>();
        byApplication.forEach((name, lines) -> applications.computeIfAbsent(
                applications.size() < MAX_APPLICATIONS ? name : "", k -> new Application()).window(name, lines, out));
        return out;
    }

    /** A point with its data read. */
    private record PointLine(Instant at, PointData data) {
    }

    /** One application's state across its requests. */
    private static final class Application {
        private final EndpointTotals transactions = new EndpointTotals();
        private Instant lastWrite;
        private long requests;
        private long errors;

        void window(String name, List<PointLine> lines, List<ToolSummary> out) {
            Instant at = lines.get(0).at();
            for (PointLine l : lines) {
                at = l.at().isAfter(at) ? l.at() : at;
            }
            Duration window = lastWrite == null || !at.isAfter(lastWrite) ? DEFAULT_WINDOW
                    : Duration.between(lastWrite, at);
            lastWrite = at;
            double seconds = window.toNanos() / 1e9;
            ObjectNode system = null;
            double activeThreads = Double.NaN;
            Map<String, PointData> txAll = new LinkedHashMap<>();
            Map<String, Double> txErrors = new HashMap<>();
            for (PointLine l : lines) {
                PointData d = l.data();
                String tx = d.text("transaction", "");
                String status = d.text("statut", "");
                if ("internal".equals(tx)) {
                    activeThreads = d.number("meanAT");
                } else if (ALL.equals(tx) && ALL.equals(status)) {
                    system = system(name, d, seconds);
                } else if (ALL.equals(status)) {
                    txAll.put(tx, d);
                } else if ("ko".equals(status)) {
                    txErrors.put(tx, d.number("count"));
                }
            }
            if (system != null) {
                if (!Double.isNaN(activeThreads)) {
                    system.put("active_threads", activeThreads);
                }
                out.add(new ToolSummary(MetricTypes.SYSTEM, at, system));
            }
            if (!txAll.isEmpty()) {
                out.add(new ToolSummary(MetricTypes.AGENT, at, agents(txAll, txErrors, seconds)));
            }
        }

        private ObjectNode system(String name, PointData d, double seconds) {
            long count = whole(d.number("count"));
            long failed = whole(d.number("countError"));
            requests += count;
            errors += failed;
            ObjectNode s = Json.mapper().createObjectNode();
            s.put("throughput_tps", count / seconds);
            s.put("requests_total", requests);
            s.put("requests_successful", requests - errors);
            s.put("requests_failed", errors);
            latency(d, s);
            s.put("error_rate", count == 0 ? 0 : (double) failed / count);
            double bytes = d.number("sb") + d.number("rb");
            if (!Double.isNaN(bytes)) {
                s.put("network_throughput_mbps", bytes * 8 / 1e6 / seconds);
            }
            s.put("source", MEASUREMENT);
            s.put("application", name);
            return s;
        }

        private ArrayNode agents(Map<String, PointData> txAll, Map<String, Double> txErrors, double seconds) {
            long all = 0;
            for (PointData d : txAll.values()) {
                all += whole(d.number("count"));
            }
            ArrayNode records = EndpointTotals.records();
            for (Map.Entry<String, PointData> e : txAll.entrySet()) {
                ObjectNode latency = Json.mapper().createObjectNode();
                latency(e.getValue(), latency);
                records.add(transactions.record(e.getKey(), whole(e.getValue().number("count")),
                        whole(txErrors.getOrDefault(e.getKey(), 0.0)), all, seconds, latency, MEASUREMENT));
            }
            return records;
        }

        /** JMeter's mean, percentiles (those it was configured to send) and maximum, under the schema's names. */
        private static void latency(PointData d, ObjectNode into) {
            put(into, "avg_response_time_ms", d.number("avg"));
            put(into, "p50_response_time_ms", d.number("pct50.0"));
            put(into, "p95_response_time_ms", d.number("pct95.0"));
            put(into, "p99_response_time_ms", d.number("pct99.0"));
            put(into, "max_response_time_ms", d.number("max"));
        }

        private static void put(ObjectNode into, String key, double value) {
            if (!Double.isNaN(value)) {
                into.put(key, value);
            }
        }

        private static long whole(double v) {
            return Double.isNaN(v) ? 0 : Math.round(v);
        }
    }
}
