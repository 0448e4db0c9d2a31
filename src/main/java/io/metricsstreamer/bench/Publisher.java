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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open-loop publisher: {@code connections} keep-alive HTTP/1.1 connections (one {@link HttpClient} each, so one
 * socket each), each POSTing an array to {@code /api/metrics} every 10 ms with its share of the rate, staggered, paced
 * by a {@link RatePacer}; or, with {@link PublishFormat#INFLUX}, the same records as line protocol lines to
 * {@code /write?precision=ns}. A connection cannot POST while its previous POST is pending.
 *
 * <p>Coordinated omission, two corrections. (1) Each metric's {@code sent_us} is the time its POST body was built,
 * moved back by however long the connection's previous POST was still pending past the metric's intended send time:
 * a server that answers POSTs slowly is charged for the wait it caused, while the publisher's own wake-up jitter is
 * not (when nothing held it up, {@code sent_us} is the build time, as in the C harness). (2) Offers skipped because
 * the publisher fell more than 100 ms behind are never sent; the first metric sent after them carries
 * {@code skipped_offers: K}, and each client that receives it records, besides its own latency {@code L}, the
 * synthetic samples {@code L + k * interval} for {@code k = 1..K} (the interval between two offers of a
 * connection), as HdrHistogram's {@code recordValueWithExpectedInterval} fills in the samples a stalled tester never
 * took. Those go to a second histogram ("incl. skipped"), so the plain latency stays comparable with the C harness.
 */
final class Publisher {
    static final long TICK_NANOS = 10_000_000L;
    static final int MAX_PER_POST = 1000;
    static final long HIGHEST_US = 3_600_000_000L;

    private final List<URI> endpoints;
    private final List<URI> healths;
    private final Workload workload;
    private final List<HttpClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong postErrors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong actualEnd = new AtomicLong();
    private final Recorder postLatency = new Recorder(1, HIGHEST_US, 2);
    private long startNanos;
    /** Read by every connection's thread; moved earlier by {@link #stopAt}. */
    private volatile long endNanos;

    Publisher(URI httpBase, Workload workload) {
        this(List.of(httpBase), workload);
    }

    /** A publisher whose connection {@code i} POSTs to {@code httpBases[i mod N]} (the nodes of a cluster). */
    Publisher(List<URI> httpBases, Workload workload) {
        String path = workload.format() == PublishFormat.INFLUX ? "/write?precision=ns" : "/api/metrics";
        this.endpoints = httpBases.stream().map(b -> b.resolve(path)).toList();
        this.healths = httpBases.stream().map(b -> b.resolve("/healthz")).toList();
        this.workload = workload;
    }

    /**
     * Opens the keep-alive connections ({@code connections}, or one when the rate is below one per connection;
     * none at rate 0) with a {@code GET /healthz} each, so neither connection set-up nor this JVM's first use of
     * its HTTP client (nor the recording of the demo's traffic) lands in the first POSTs.
     */
    void open(int connections) {
        if (!(workload.rate() > 0)) {
            return;
        }
        if (workload.mix() == MetricMix.DEMO) {
            DemoMix.get(); // recorded now, not in the first POSTs
        }
        int n = workload.rate() / connections < 1 ? 1 : connections;
        for (int i = 0; i < n; i++) {
            HttpClient http = BenchTls.httpClient().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            try {
                http.send(HttpRequest.newBuilder(healths.get(i % healths.size())).timeout(Duration.ofSeconds(10))
                        .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the POSTs will report it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clients.add(http);
        }
    }

    /** Starts publishing at {@code start} until {@code end} (nanoTime). */
    void start(long start, long end) {
        this.startNanos = start;
        this.endNanos = end;
        int n = clients.size();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> run(index, n), "bench-publisher-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Moves the end time earlier, to {@code end} (nanoTime), for a run whose length is known only once it is under way
     * (W7: after the replays); each connection stops at its next offer after it.
     */
    void stopAt(long end) {
        endNanos = Math.min(endNanos, end);
    }

    /** Waits for every connection to stop (they stop at the end time). */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    long published() {
        return published.get();
    }

    long posts() {
        return posts.get();
    }

    long postErrors() {
        return postErrors.get();
    }

    long skipped() {
        return skipped.get();
    }

    /** When the last connection stopped publishing (nanoTime), or the start when none ran. */
    long actualEndNanos() {
        return Math.max(actualEnd.get(), startNanos);
    }

    /** POST round trips, microseconds. */
    Histogram postLatencies() {
        return postLatency.getIntervalHistogram();
    }

    /** Microseconds between two offers of one connection: the interval the clients' synthetic samples use. */
    double offerIntervalUs() {
        return workload.rate() > 0 ? 1e6 * Math.max(1, clients.size()) / workload.rate() : 0;
    }

    private void run(int index, int connections) {
        HttpClient http = clients.get(index);
        long phase = TICK_NANOS * index / connections;
        Connection c = new Connection(http, endpoints.get(index % endpoints.size()), workload.rate() / connections,
                phase, (long) index * 1_000_000_000L);
        parkUntil(startNanos + phase);
        while (System.nanoTime() < endNanos) {
            for (int n = c.pacer.offer(System.nanoTime()); n > 0 && System.nanoTime() < endNanos;
                    n = c.pacer.offer(System.nanoTime())) {
                c.post(n);
            }
            parkUntil(c.pacer.nextWake(System.nanoTime()));
        }
        actualEnd.accumulateAndGet(System.nanoTime(), Math::max);
    }

    private static void parkUntil(long deadline) {
        for (long d = deadline - System.nanoTime(); d > 0; d = deadline - System.nanoTime()) {
            LockSupport.parkNanos(d);
        }
    }

    /** One connection's state: its client, pacer, body buffer and the end of its previous POST. */
    private final class Connection implements RatePacer.SkipListener {
        final RatePacer pacer;
        private final HttpClient http;
        private final URI endpoint;
        private final StringBuilder body = new StringBuilder(64 * 1024);
        /** The padding of large metrics ({@link Workload#padBytes()}), or null. */
        private final String pad = workload.padBytes() > 0 ? "x".repeat(workload.padBytes()) : null;
        /** The demo's traffic, when the workload publishes it instead of its own bodies. */
        private final DemoMix demo = workload.mix() == MetricMix.DEMO ? DemoMix.get() : null;
        private long counter;
        private long skippedSinceLastPost;
        private boolean posted;
        private long previousReturn;
        private long tsSecond = -1;
        private String ts = "";

        Connection(HttpClient http, URI endpoint, double rate, long phaseNanos, long counterBase) {
            this.http = http;
            this.endpoint = endpoint;
            this.pacer = new RatePacer(rate, startNanos, TICK_NANOS, phaseNanos, workload.maxPerPost(), this);
            this.counter = counterBase;
        }

        @Override
        public void skipped(long from, long to, long nowNanos) {
            skipped.addAndGet(to - from);
            skippedSinceLastPost += to - from;
        }

        void post(int n) {
            byte[] bytes = build(n);
            long t0 = System.nanoTime();
            boolean ok = send(bytes);
            long t1 = System.nanoTime();
            previousReturn = t1;
            posted = true;
            postLatency.recordValue(Math.min(HIGHEST_US, (t1 - t0) / 1000));
            pacer.sent(n);
            posts.incrementAndGet();
            if (ok) {
                published.addAndGet(n);
            } else {
                postErrors.incrementAndGet();
            }
        }

        private byte[] build(int n) {
            long now = System.nanoTime();
            long first = pacer.nextIndex();
            body.setLength(0);
            String stamp = timestamp();
            if (workload.format() == PublishFormat.INFLUX) {
                Instant wall = Instant.now();
                long tsNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
                for (int i = 0; i < n; i++) {
                    counter++;
                    MetricBodies.systemLine(body, counter, stamp, sentUs(now, first + i),
                            i == 0 ? skippedSinceLastPost : 0, pad, tsNanos);
                }
                skippedSinceLastPost = 0;
                return body.toString().getBytes(StandardCharsets.UTF_8);
            }
            body.append('[');
            for (int i = 0; i < n; i++) {
                long sentUs = sentUs(now, first + i);
                if (i > 0) {
                    body.append(',');
                }
                counter++;
                long skips = i == 0 ? skippedSinceLastPost : 0;
                if (demo != null) {
                    demo.append(body, counter, sentUs, skips);
                } else if (workload.filtered()) {
                    MetricBodies.agents(body, counter, stamp, sentUs, skips);
                } else {
                    MetricBodies.system(body, counter, stamp, sentUs, skips);
                    if (pad != null) {
                        MetricBodies.pad(body, pad);
                    }
                }
            }
            skippedSinceLastPost = 0;
            return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }

        /** The {@code sent_us} of offer {@code index} built at {@code now}: moved back by any hold-up (see above). */
        private long sentUs(long now, long index) {
            long heldUp = posted ? Math.max(0, previousReturn - pacer.intendedNanos(index)) : 0;
            return (now - heldUp) / 1000;
        }

        private String timestamp() {
            long second = System.currentTimeMillis() / 1000;
            if (second != tsSecond) {
                tsSecond = second;
                ts = Instant.ofEpochSecond(second).truncatedTo(ChronoUnit.SECONDS).toString();
            }
            return ts;
        }

        private boolean send(byte[] bytes) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", workload.format() == PublishFormat.INFLUX ? "text/plain; charset=utf-8"
                            : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == 202 || status == 200 || status == 204;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
