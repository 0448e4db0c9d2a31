package io.metricsstreamer.loadgen;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run must achieve to pass, judged on the whole run at its end: p99 latency at most {@code maxP99Ms}, error
 * rate (failed / all requests, a fraction) at most {@code maxErrorRate}, throughput (responses per second of the
 * duration) at least {@code minThroughputTps}. A null limit is not judged; with none, a run passes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuccessCriteria(Double maxP99Ms, Double maxErrorRate, Double minThroughputTps) {
    /** No criteria: every run passes. */
    public static final SuccessCriteria NONE = new SuccessCriteria(null, null, null);

    /**
     * Reads {@code max_p99_ms=X,max_error_rate=Y,min_throughput_tps=Z}, any of them, in any order.
     *
     * @throws IllegalArgumentException naming the part that cannot be read
     */
    public static SuccessCriteria parse(String text) {
        Double p99 = null;
        Double errors = null;
        Double throughput = null;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("criterion '" + part.trim() + "' is not NAME=NUMBER (names: "
                        + "max_p99_ms, max_error_rate, min_throughput_tps)");
            }
            double value;
            try {
                value = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("criterion " + kv[0].trim() + ": '" + kv[1].trim()
                        + "' is not a number");
            }
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("criterion " + kv[0].trim() + " must be 0 or more, not " + value);
            }
            switch (kv[0].trim()) {
                case "max_p99_ms" -> p99 = value;
                case "max_error_rate" -> errors = value;
                case "min_throughput_tps" -> throughput = value;
                default -> throw new IllegalArgumentException("unknown criterion '" + kv[0].trim() + "' (names: "
                        + "max_p99_ms, max_error_rate, min_throughput_tps)");
            }
        }
        return new SuccessCriteria(p99, errors, throughput);
    }

    /** Each criterion set, by its name, judged on the run's figures. */
    public Map<String, Judged> judge(double p99Ms, double errorRate, double throughputTps) {
        Map<String, Judged> judged = new LinkedHashMap<>();
        if (maxP99Ms != null) {
            judged.put("max_p99_ms", new Judged(maxP99Ms, p99Ms, p99Ms <= maxP99Ms));
        }
        if (maxErrorRate != null) {
            judged.put("max_error_rate", new Judged(maxErrorRate, errorRate, errorRate <= maxErrorRate));
        }
        if (minThroughputTps != null) {
            judged.put("min_throughput_tps", new Judged(minThroughputTps, throughputTps,
                    throughputTps >= minThroughputTps));
        }
        return judged;
    }

    /** One criterion: its limit, the run's figure, and whether the figure is within the limit. */
    public record Judged(double limit, double actual, boolean passed) {
    }
}
