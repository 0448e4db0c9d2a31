package io.metricsstreamer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * W4's step search, as in the shared harness: double the rate from the workload's rate (1,000) until a step fails
 * (or, when the first step fails, halve it down to 125 until one passes), then bisect twice between the last pass
 * and the first fail, in multiples of 50. A step passes when every client subscribed, nothing is missing, p99 is
 * under 100 ms, the publisher achieved at least 97% of the rate and the server did not die. Each step is a separate
 * run (the caller gives a fresh server per step when it started the server itself).
 */
final class SaturationSearch {
    /** A W4 step passes only with p99 below this. */
    static final double P99_LIMIT_MS = 100.0;
    static final double MAX_RATE = 128_000;
    static final double MIN_RATE = 125;
    static final int BISECTIONS = 2;

    /** Runs one step of the search. */
    @FunctionalInterface
    interface StepRunner {
        RunResult run(Workload step) throws InterruptedException;
    }

    private SaturationSearch() {
    }

    /** Whether a step at {@code rate} passes. */
    static boolean passes(RunResult r, double rate) {
        return !r.has("invalid") && !r.has("error") && r.count("clients_failed") == 0 && r.has("missing")
                && r.count("missing") == 0 && r.has("lat_p99_ms") && r.num("lat_p99_ms") < P99_LIMIT_MS
                && r.num("published_rate") >= RunReport.RATE_OK * rate && !Boolean.TRUE.equals(r.asMap()
                .get("server_died"));
    }

    /** Searches, reporting each step to {@code progress}; returns the search's result (max_rate and steps). */
    static RunResult search(Workload w, StepRunner runner, Consumer<String> progress) throws InterruptedException {
        List<Map<String, Object>> steps = new ArrayList<>();
        double start = w.rate() > 0 ? w.rate() : 1000;
        double lo = 0;
        double hi = Double.NaN;
        RunResult best = null;
        for (double rate = start; rate <= MAX_RATE; rate *= 2) {
            RunResult r = step(w, rate, runner, steps, progress);
            if (!passes(r, rate)) {
                hi = rate;
                break;
            }
            lo = rate;
            best = r;
        }
        if (lo == 0) {
            for (double rate = Math.floor(start / 2); rate >= MIN_RATE && best == null; rate = Math.floor(rate / 2)) {
                RunResult r = step(w, rate, runner, steps, progress);
                if (passes(r, rate)) {
                    lo = rate;
                    best = r;
                } else {
                    hi = rate;
                }
            }
        }
        for (int i = 0; i < BISECTIONS && lo > 0 && !Double.isNaN(hi); i++) {
            double mid = Math.floor((lo + hi) / 2 / 50) * 50;
            if (mid <= lo || mid >= hi) {
                break;
            }
            RunResult r = step(w, mid, runner, steps, progress);
            if (passes(r, mid)) {
                lo = mid;
                best = r;
            } else {
                hi = mid;
            }
        }
        return summary(w, lo, best, steps);
    }

    private static RunResult step(Workload w, double rate, StepRunner runner, List<Map<String, Object>> steps,
                                  Consumer<String> progress) throws InterruptedException {
        RunResult r = runner.run(w.atRate(rate));
        boolean ok = passes(r, rate);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rate", rate);
        s.put("pass", ok);
        s.put("lat_p99_ms", r.asMap().get("lat_p99_ms"));
        s.put("missing", r.asMap().get("missing"));
        s.put("published_rate", r.asMap().get("published_rate"));
        s.put("server_cpu_cores", r.asMap().get("server_cpu_cores"));
        steps.add(s);
        progress.accept(String.format(Locale.ROOT, "W4 rate %.0f: %s p99=%s ms missing=%s published=%s/s",
                rate, ok ? "pass" : "FAIL", r.text("lat_p99_ms"), r.text("missing"), r.text("published_rate")));
        return r;
    }

    private static RunResult summary(Workload w, double maxRate, RunResult best, List<Map<String, Object>> steps) {
        RunResult res = new RunResult().put("workload", w.name()).put("description", w.description())
                .put("clients", w.clients()).put("batch_size", w.batchSize())
                .put("batch_timeout_s", w.batchTimeoutS()).put("duration_s", w.durationS())
                .put("warmup_s", w.warmupS()).put("max_rate", maxRate);
        String[] keys = {"published_rate", "delivered_per_s", "frames_per_s", "lat_p50_ms", "lat_p99_ms",
            "lat_p999_ms", "lat_max_ms", "missing_pct", "out_of_order", "dropped_reported", "server_cpu_cores",
            "server_cpu_us_per_metric", "client_cpu_cores", "server_peak_rss_kb"};
        for (String k : keys) {
            res.put(k, best == null ? null : best.asMap().get(k));
        }
        return res.put("steps", steps);
    }
}
