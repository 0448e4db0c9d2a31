package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * A run's result: the SystemMetrics fields over the whole run, what was asked ({@code target_tps}, the profile,
 * {@code duration_seconds}), what became of every request, how well the schedule was kept, and the criteria. The
 * JSON of {@code run --summary} is this record as {@link #toJson()} writes it.
 *
 * <p>Definitions: {@code requests_total} counts every request due in the schedule ({@code requests_scheduled}) that
 * reached an outcome; {@code requests_successful} those answered with a status below 400; the rest failed (a status
 * of 400 or more, a timeout, no connection, a broken connection, or over {@code max_connections}).
 * {@code throughput_tps} is responses (any status) per second of the duration; {@code target_tps} is the scheduled
 * requests per second of the duration. Latencies (ms) are from each request's intended start, for responses and
 * timeouts (at the timeout). {@code cpu_utilization} is the process's mean share of all cores over the run,
 * {@code memory_utilization} the highest heap share seen in an interval. {@code failures} counts the failures
 * without a status by kind ({@code timeout}, {@code over_limit}, {@code connect}, {@code io}).
 * {@code stopped_early}: the run was stopped before its schedule ended (Ctrl-C); {@code duration_seconds} is then
 * how long it ran, and the rates and criteria are of that.
 * {@code warm_up_requests} were sent before the schedule started (to open connections, and the scenario's warm-up)
 * and are in no other figure.
 */
public record RunSummary(
        String name,
        String target,
        LoadProfile profile,
        Instant timestamp,
        double throughputTps,
        long requestsTotal,
        long requestsSuccessful,
        long requestsFailed,
        double avgResponseTimeMs,
        double p50ResponseTimeMs,
        double p95ResponseTimeMs,
        double p99ResponseTimeMs,
        double p999ResponseTimeMs,
        double maxResponseTimeMs,
        double errorRate,
        double timeoutRate,
        double cpuUtilization,
        double memoryUtilization,
        double networkThroughputMbps,
        double targetTps,
        long requestsScheduled,
        long warmUpRequests,
        double durationSeconds,
        Map<String, Long> statusCodes,
        Map<String, Long> failures,
        SchedulingError schedulingErrorMs,
        boolean stoppedEarly,
        Map<String, SuccessCriteria.Judged> criteria,
        boolean passed) {

    /** This summary as JSON (snake_case names, the server's conventions). */
    public ObjectNode toJson() {
        return Json.mapper().valueToTree(this);
    }

    /**
     * How late requests started against the schedule (actual start minus intended start, in milliseconds): the
     * generator's own precision, to read next to the latencies.
     */
    public record SchedulingError(double p50, double p99, double p999, double max, double mean) {
    }
}
