package io.metricsstreamer.bench;

/**
 * Writes the envelopes the publisher POSTs, without a JSON library. {@link #system} mirrors the C harness's record:
 * a SystemMetrics-like object of about 520 bytes with 16 fields (a timestamp and 15 numbers) plus {@code sent_us};
 * {@link #systemLine} is the same record as a line protocol point, which the server reads back to the same data
 * (plus {@code "measurement":"system"}).
 * {@link #agents} is W5's agent-style array (see {@link FilterMix}). {@code sent_us} is the only {@code "sent_us"}
 * key of an envelope, and no data key is named {@code seq}, so the clients' frame scan finds each exactly once per
 * metric. The first metric sent after the publisher skipped offers carries {@code skipped_offers} just before its
 * {@code sent_us}.
 */
final class MetricBodies {
    private MetricBodies() {
    }

    /**
     * Appends one {@code system} envelope; {@code n} varies the figures, {@code ts} is an ISO-8601 timestamp,
     * {@code skipped} (when positive) the offers the publisher skipped just before this metric.
     */
    static void system(StringBuilder sb, long n, String ts, long sentUs, long skipped) {
        sb.append("{\"metric_type\":\"system\",\"data\":{");
        systemFields(sb, false, n, ts, sentUs, skipped, null);
        sb.append("}}");
    }

    /**
     * Appends the line protocol point of the envelope {@link #system} writes, and a newline: measurement
     * {@code system}, no tags, the same fields in the same order (integers with the line protocol's {@code i},
     * strings double-quoted), {@code pad} (when not null) as the first field, as {@link #pad} puts it, and the
     * timestamp {@code tsNanos} (nanoseconds since the epoch).
     */
    static void systemLine(StringBuilder sb, long n, String ts, long sentUs, long skipped, String pad,
                           long tsNanos) {
        sb.append("system ");
        systemFields(sb, true, n, ts, sentUs, skipped, pad);
        sb.append(' ').append(tsNanos).append('\n');
    }

    /** The system record's fields, as JSON members or as line protocol fields ({@code line}). */
    private static void systemFields(StringBuilder sb, boolean line, long n, String ts, long sentUs, long skipped,
                                     String pad) {
        long x = n % 1000;
        if (pad != null) {
            text(sb, line, "pad", pad);
            sb.append(',');
        }
        text(sb, line, "timestamp", ts);
        key(sb, line, ",throughput_tps");
        fixed(sb, 15_000 + x * 10, 1);
        integer(sb, line, ",requests_total", n * 37);
        integer(sb, line, ",requests_successful", n * 36);
        integer(sb, line, ",requests_failed", n);
        key(sb, line, ",avg_response_time_ms");
        fixed(sb, 1250 + x, 2);
        key(sb, line, ",p50_response_time_ms");
        fixed(sb, 1010 + x, 2);
        key(sb, line, ",p95_response_time_ms");
        fixed(sb, 2530 + x * 2, 2);
        key(sb, line, ",p99_response_time_ms");
        fixed(sb, 4870 + x * 5, 2);
        key(sb, line, ",max_response_time_ms");
        fixed(sb, 12_000 + x * 100, 2);
        key(sb, line, ",error_rate");
        sb.append("0.0123");
        key(sb, line, ",timeout_rate");
        sb.append("0.0011");
        key(sb, line, ",cpu_utilization");
        fixed(sb, 555 + x / 5, 1);
        key(sb, line, ",memory_utilization");
        sb.append("62.25");
        key(sb, line, ",network_throughput_mbps");
        fixed(sb, 94_050 + x * 100, 2);
        integer(sb, line, ",queue_depth", n % 50);
        if (skipped > 0) {
            integer(sb, line, ",skipped_offers", skipped);
        }
        integer(sb, line, ",sent_us", sentUs);
    }

    /**
     * Appends a key and what separates it from its value; {@code name} may start with the comma that separates it
     * from the field before.
     */
    private static void key(StringBuilder sb, boolean line, String name) {
        int at = 0;
        if (name.charAt(0) == ',') {
            sb.append(',');
            at = 1;
        }
        if (line) {
            sb.append(name, at, name.length()).append('=');
        } else {
            sb.append('"').append(name, at, name.length()).append("\":");
        }
    }

    private static void integer(StringBuilder sb, boolean line, String name, long value) {
        key(sb, line, name);
        sb.append(value);
        if (line) {
            sb.append('i');
        }
    }

    /** A string field; the bench's strings hold no quote, backslash or newline, so nothing is escaped. */
    private static void text(StringBuilder sb, boolean line, String name, String value) {
        key(sb, line, name);
        sb.append('"').append(value).append('"');
    }

    /**
     * Appends one {@code agent} envelope whose data is an array: a record without {@code agent_id} holding
     * {@code sent_us} and run totals, then one record per agent {@code agent_0 .. agent_3}.
     */
    static void agents(StringBuilder sb, long n, String ts, long sentUs, long skipped) {
        long x = n % 1000;
        skipped(sb.append("{\"metric_type\":\"agent\",\"data\":[{"), skipped);
        sb.append("\"sent_us\":").append(sentUs).append(",\"timestamp\":\"")
                .append(ts).append("\",\"requests_total\":").append(n * 37).append(",\"throughput_tps\":");
        fixed(sb, 15_000 + x * 10, 1);
        sb.append(",\"error_rate\":0.0123}");
        for (int a = 0; a < FilterMix.AGENTS; a++) {
            sb.append(",{\"agent_id\":\"agent_").append(a).append("\",\"requests_processed\":").append(n * 9 + a)
                    .append(",\"avg_response_time_ms\":");
            fixed(sb, 1200 + x + a * 100, 2);
            sb.append(",\"success_rate\":0.98").append(a).append(",\"current_load\":");
            fixed(sb, 300 + (x + a * 111) % 700, 3);
            sb.append(",\"health_score\":0.9").append(9 - a).append('}');
        }
        sb.append("]}");
    }

    /**
     * Makes the envelope just appended by {@link #system} a large one: {@code "pad":"xxx..."} goes in as the data's
     * first field (the envelope ends with the data's and its own closing braces, so it is inserted, not appended).
     */
    static void pad(StringBuilder sb, String pad) {
        int data = sb.lastIndexOf("\"data\":{") + 8;
        sb.insert(data, "\"pad\":\"" + pad + "\",");
    }

    /** Appends {@code "skipped_offers":N,} when {@code skipped} is positive (it comes before sent_us). */
    private static void skipped(StringBuilder sb, long skipped) {
        if (skipped > 0) {
            sb.append("\"skipped_offers\":").append(skipped).append(',');
        }
    }

    /** Appends {@code scaled / 10^decimals} with exactly {@code decimals} digits after the point. */
    static void fixed(StringBuilder sb, long scaled, int decimals) {
        long div = 1;
        for (int i = 0; i < decimals; i++) {
            div *= 10;
        }
        sb.append(scaled / div).append('.');
        String frac = Long.toString(scaled % div);
        for (int i = frac.length(); i < decimals; i++) {
            sb.append('0');
        }
        sb.append(frac);
    }
}
