package io.metricsstreamer.ingest;

import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same metrics ingested two ways: as a {@code POST /api/metrics} JSON envelope body ({@link IngestParser}) and
 * as an InfluxDB line protocol body ({@link LineProtocolParser}), one metric per body and 100. One operation is one
 * metric (the 100-metric bodies count 100 operations), so the throughput is metrics parsed per second on one core
 * and {@code -prof gc}'s {@code gc.alloc.rate.norm} the bytes allocated per metric.
 *
 * <p>Shapes ({@link #shape}): {@code system}, a SystemMetrics-like point (14 numeric fields, 4 of them integers, and
 * 2 tags); {@code jmeter}, the lines of JMeter's InfluxDB backend listener ({@code InfluxdbBackendListenerClient}:
 * measurement {@code jmeter}, tags {@code application}, {@code transaction}, {@code statut}, fields {@code count},
 * {@code countError} (the run's line only), {@code avg}, {@code min}, {@code max}, {@code hit}, {@code sb},
 * {@code rb}, {@code pct99.0}, {@code pct95.0}, {@code pct90.0}, timestamps in milliseconds followed by six zeros);
 * {@code k6}, k6's InfluxDB output (one measurement per k6 metric, its tags sorted, and its default tags-as-fields:
 * {@code iter} and {@code vu} integers and {@code url} a string, beside {@code value}), the 100-metric body cycling
 * through a request's twelve metrics, so its measurement changes on every line. The mapping sends {@code jmeter} and
 * {@code http_req_duration} to {@code system} by name ({@code --influx-map}) and the rest by the default type
 * ({@code --influx-default-type system}).
 *
 * <p>The JSON bodies are made from the line protocol's parse: each envelope carries the same {@code data} (fields,
 * tags as strings, {@code measurement}) and the same {@code timestamp}, so both parsers produce the same envelopes
 * (checked at set-up). {@link #jsonUnstamped100} leaves the envelopes' {@code timestamp} out (the server's clock
 * stamps them, as for the bench's publisher): the share of the JSON path that reading an ISO-8601 timestamp costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {
    private static final long TS_NANOS = 1_700_000_000_000_000_000L;
    private static final String[] K6_HTTP = {"http_reqs", "http_req_duration", "http_req_blocked",
        "http_req_connecting", "http_req_tls_handshaking", "http_req_sending", "http_req_waiting",
        "http_req_receiving", "http_req_failed"};
    private static final String[] K6_ITERATION = {"data_sent", "data_received", "iteration_duration"};

    @Param({"system", "jmeter", "k6"})
    public String shape;

    private final MetricTypes types = MetricTypes.builtIns();
    private final IngestParser jsonParser = new IngestParser(types);
    private LineProtocolParser lineParser;
    private byte[] json1;
    private byte[] json100;
    private byte[] jsonUnstamped100;
    private byte[] line1;
    private byte[] line100;

    @Setup
    public void setUp() throws IngestException {
        MetricType system = types.require("system");
        lineParser = new LineProtocolParser(new InfluxMapping(Map.of("jmeter", system, "http_req_duration", system),
                system, InfluxMapping.DEFAULT_AGENT_TAG, types));
        line1 = lines(shape, 1);
        line100 = lines(shape, 100);
        json1 = envelopes(line1, true);
        json100 = envelopes(line100, true);
        jsonUnstamped100 = envelopes(line100, false);
        same(line1, json1, true);
        same(line100, json100, true);
        same(line100, jsonUnstamped100, false);
    }

    /** One metric per body, as a JSON envelope. */
    @Benchmark
    public Object json1() throws IngestException {
        return jsonParser.parse(json1, 0, json1.length, Instant.EPOCH);
    }

    /** 100 metrics per body, as a JSON array of envelopes. */
    @Benchmark
    @OperationsPerInvocation(100)
    public Object json100() throws IngestException {
        return jsonParser.parse(json100, 0, json100.length, Instant.EPOCH);
    }

    /** 100 metrics per body, as a JSON array of envelopes without timestamps. */
    @Benchmark
    @OperationsPerInvocation(100)
    public Object jsonUnstamped100() throws IngestException {
        return jsonParser.parse(jsonUnstamped100, 0, jsonUnstamped100.length, Instant.EPOCH);
    }

    /** One metric per body, as one line of line protocol. */
    @Benchmark
    public Object lineProtocol1() throws IngestException {
        return lineParser.parse(line1, 0, line1.length, InfluxPrecision.NANOSECONDS, Instant.EPOCH);
    }

    /** 100 metrics per body, as 100 lines of line protocol. */
    @Benchmark
    @OperationsPerInvocation(100)
    public Object lineProtocol100() throws IngestException {
        return lineParser.parse(line100, 0, line100.length, InfluxPrecision.NANOSECONDS, Instant.EPOCH);
    }

    /** A line protocol body of {@code n} points of {@code shape}. */
    static byte[] lines(String shape, int n) {
        StringBuilder sb = new StringBuilder(n * 400);
        for (int i = 0; i < n; i++) {
            switch (shape) {
                case "system" -> system(sb, i);
                case "jmeter" -> jmeter(sb, i);
                case "k6" -> k6(sb, i);
                default -> throw new IllegalArgumentException(shape);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void system(StringBuilder sb, int i) {
        sb.append("system,host=web-0").append(i % 4).append(",region=eu-west throughput_tps=")
                .append(15_000 + i * 10).append(".5,requests_total=").append(37_000 + i * 37)
                .append("i,requests_successful=").append(36_000 + i * 36).append("i,requests_failed=")
                .append(1000 + i).append("i,avg_response_time_ms=12.").append(51 + i % 40)
                .append(",p50_response_time_ms=10.1").append(i % 10).append(",p95_response_time_ms=25.3")
                .append(",p99_response_time_ms=48.7").append(i % 10).append(",max_response_time_ms=120.0")
                .append(",error_rate=0.0123,timeout_rate=0.0011,cpu_utilization=55.").append(i % 10)
                .append(",memory_utilization=62.25,queue_depth=").append(i % 50).append('i').append(' ')
                .append(TS_NANOS + i * 1_000_000L);
    }

    /**
     * JMeter's lines: the run's cumulated line first ({@code transaction=all,statut=all}, with {@code countError}),
     * then, per sampler, its {@code all}, {@code ok} and {@code ko} lines.
     */
    private static void jmeter(StringBuilder sb, int i) {
        String[] statut = {"all", "ok", "ko"};
        boolean cumulated = i == 0;
        sb.append("jmeter,application=app,transaction=").append(cumulated ? "all" : "sampler_" + (i - 1) / 3)
                .append(",statut=").append(cumulated ? "all" : statut[(i - 1) % 3]).append(" count=")
                .append(10 + i);
        if (cumulated) {
            sb.append(",countError=0");
        }
        sb.append(",avg=").append(12.5 + i).append(",min=").append(3.0 + i % 5).append(",max=").append(40.0 + i)
                .append(",hit=").append(10 + i).append(",sb=").append(1234 + i).append(",rb=").append(56_789 + i)
                .append(",pct99.0=").append(38.0 + i).append(",pct95.0=").append(25.0 + i).append(",pct90.0=")
                .append(20.0 + i).append(' ').append(1_700_000_000_000L + i / 10).append("000000");
    }

    /**
     * k6's points: for a 1-metric body {@code http_req_duration}; else a request's nine {@code http_*} metrics
     * (request tags) and an iteration's three (the scenario tag), round and round.
     */
    private static void k6(StringBuilder sb, int i) {
        int k = i == 0 ? 1 : i % (K6_HTTP.length + K6_ITERATION.length);
        if (k < K6_HTTP.length) {
            sb.append(K6_HTTP[k]).append(",expected_response=true,method=GET,name=http://test.k6.io/,proto=HTTP/1.1,"
                    + "scenario=default,status=200,tls_version=tls1.3");
        } else {
            sb.append(K6_ITERATION[k - K6_HTTP.length]).append(",scenario=default");
        }
        sb.append(" iter=").append(i / 12).append("i,url=\"http://test.k6.io/\",value=").append(123.45 + i)
                .append(",vu=").append(1 + i % 10).append("i ").append(TS_NANOS + i * 1_000_000L);
    }

    /**
     * The JSON body of the envelopes {@code lines} parses to, with their timestamps when {@code stamped}: one
     * envelope for one line, else an array.
     */
    private byte[] envelopes(byte[] lines, boolean stamped) throws IngestException {
        List<MetricEnvelope> parsed = lineParser.parse(lines, 0, lines.length, InfluxPrecision.NANOSECONDS,
                Instant.EPOCH);
        StringBuilder sb = new StringBuilder(lines.length * 2);
        if (parsed.size() > 1) {
            sb.append('[');
        }
        for (int i = 0; i < parsed.size(); i++) {
            MetricEnvelope e = parsed.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"metric_type\":\"").append(e.type().name()).append('"');
            if (stamped) {
                sb.append(",\"timestamp\":\"").append(Timestamps.format(e.timestamp())).append('"');
            }
            sb.append(",\"data\":").append(new String(e.dataJson(), StandardCharsets.UTF_8)).append('}');
        }
        if (parsed.size() > 1) {
            sb.append(']');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Refuses to measure unless both bodies parse to the same envelopes (timestamps too when {@code stamped}). */
    private void same(byte[] lines, byte[] json, boolean stamped) throws IngestException {
        List<MetricEnvelope> a = lineParser.parse(lines, 0, lines.length, InfluxPrecision.NANOSECONDS,
                Instant.EPOCH);
        List<MetricEnvelope> b = jsonParser.parse(json, 0, json.length, Instant.EPOCH);
        if (a.size() != b.size()) {
            throw new IllegalStateException(a.size() + " points but " + b.size() + " envelopes");
        }
        for (int i = 0; i < a.size(); i++) {
            MetricEnvelope x = a.get(i);
            MetricEnvelope y = b.get(i);
            if (x.type() != y.type() || stamped && !x.timestamp().equals(y.timestamp())
                    || !Arrays.equals(x.dataJson(), y.dataJson())) {
                throw new IllegalStateException("metric " + i + " differs: " + x.timestamp() + " "
                        + new String(x.dataJson(), StandardCharsets.UTF_8) + " against " + y.timestamp() + " "
                        + new String(y.dataJson(), StandardCharsets.UTF_8));
            }
        }
    }
}
