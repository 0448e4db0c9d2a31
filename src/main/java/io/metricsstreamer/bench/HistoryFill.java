package io.metricsstreamer.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Fills a server's history before a replay workload (W7): metrics of the publisher's {@code system} body POSTed in
 * bodies of {@link Publisher#MAX_PER_POST}, back to back on one keep-alive connection; a body the server refuses
 * (503: it is behind, past its {@code --max-lag}) is sent again after a pause. Each metric's {@code sent_us} is its
 * build time, before any measured window, so no client times a replayed metric. Blocking; the caller's thread.
 */
final class HistoryFill {
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Failed POSTs in a row (not refusals) after which the fill gives up. */
    private static final int MAX_FAILURES = 5;

    private HistoryFill() {
    }

    /**
     * POSTs {@code n} metrics to {@code httpBase}'s {@code /api/metrics}; returns how many were accepted (all of them
     * unless the server stopped running). Throws IllegalStateException when the server fails POSTs repeatedly.
     */
    static long fill(URI httpBase, long n, BooleanSupplier alive) {
        HttpClient http = BenchTls.httpClient().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = httpBase.resolve("/api/metrics");
        String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder sb = new StringBuilder(Publisher.MAX_PER_POST * 600);
        long accepted = 0;
        int failures = 0;
        while (accepted < n && alive.getAsBoolean()) {
            int k = (int) Math.min(Publisher.MAX_PER_POST, n - accepted);
            int status = post(http, endpoint, body(sb, accepted, k, ts));
            if (status == 202 || status == 200) {
                accepted += k;
                failures = 0;
            } else if (status == 503) {
                LockSupport.parkNanos(RETRY_NANOS);
            } else if (++failures >= MAX_FAILURES) {
                throw new IllegalStateException("filling the history: " + MAX_FAILURES + " POSTs in a row failed "
                        + "(last status " + status + ") after " + accepted + " metrics");
            }
        }
        return accepted;
    }

    /** A body of {@code k} system metrics, counted on from {@code first}. */
    static byte[] body(StringBuilder sb, long first, int k, String ts) {
        sb.setLength(0);
        sb.append('[');
        long sentUs = System.nanoTime() / 1000;
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                sb.append(',');
            }
            MetricBodies.system(sb, first + i + 1, ts, sentUs, 0);
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The response's status, or -1 when the POST failed. */
    private static int post(HttpClient http, URI endpoint, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
