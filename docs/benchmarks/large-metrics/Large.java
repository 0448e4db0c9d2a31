import java.io.*;
import java.net.*;
import java.net.http.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Issue 16 item 1, reproduced. A reading client (the JDK's) and, first, a steady phase: small metrics at 2,000 a second
 * for STEADY seconds, after which the server's RSS is its steady state. Then a stuck client (handshake, never reads)
 * and 900 kB POSTs of 18 x 50 kB metrics back to back (or at RATE MB/s) until MB megabytes were accepted. Prints the
 * reader's worst publish-to-receipt latency in each phase and the server's RSS: steady, the peak sampled every 50 ms
 * during the large phase, and 2 s after it.
 * Usage: java Large WS_PORT HTTP_PORT PID STEADY_SECONDS MB [RATE_MB_PER_S]
 */
public class Large {
    static final AtomicLong maxLatencyMs = new AtomicLong();
    static final AtomicLong received = new AtomicLong();

    public static void main(String[] a) throws Exception {
        int ws = Integer.parseInt(a[0]), http = Integer.parseInt(a[1]), pid = Integer.parseInt(a[2]);
        double steadySeconds = Double.parseDouble(a[3]);
        long targetBytes = Long.parseLong(a[4]) * 1_000_000L;
        double rate = a.length > 5 ? Double.parseDouble(a[5]) * 1e6 : 0;
        HttpClient client = HttpClient.newHttpClient();
        CountDownLatch open = new CountDownLatch(1);
        client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), new WebSocket.Listener() {
            final StringBuilder buf = new StringBuilder();
            public void onOpen(WebSocket w) { open.countDown(); w.request(1); }
            public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
                buf.append(d);
                if (last) {
                    String s = buf.toString();
                    buf.setLength(0);
                    long now = System.currentTimeMillis();
                    for (int i = 0; (i = s.indexOf("\"sent_ms\":", i)) >= 0; ) {
                        i += 10;
                        int j = i;
                        while (Character.isDigit(s.charAt(j))) j++;
                        maxLatencyMs.accumulateAndGet(now - Long.parseLong(s.substring(i, j)), Math::max);
                        received.incrementAndGet();
                    }
                }
                w.request(1);
                return null;
            }
        }).get();
        open.await();
        URI ingest = URI.create("http://127.0.0.1:" + http + "/api/metrics");

        // Steady phase: small metrics, 20 per POST, 100 POSTs a second.
        long steadyEnd = System.nanoTime() + (long) (steadySeconds * 1e9);
        long next = System.nanoTime();
        while (System.nanoTime() < steadyEnd) {
            StringBuilder b = new StringBuilder("[");
            long now = System.currentTimeMillis();
            for (int m = 0; m < 20; m++) {
                b.append(m == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"sent_ms\":").append(now)
                        .append(",\"throughput_tps\":1234.5,\"p99_response_time_ms\":48.2,\"agent_id\":\"a").append(m)
                        .append("\"}}");
            }
            post(client, ingest, b.append("]").toString());
            next += 10_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Thread.sleep(1000);
        long steadyRss = rss(pid);
        long steadyLatency = maxLatencyMs.getAndSet(0);
        long steadyReceived = received.getAndSet(0);

        // Large phase: a stuck client, then 900 kB bodies.
        Socket stuck = new Socket("127.0.0.1", ws);
        stuck.setReceiveBufferSize(4096);
        stuck.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes());
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(rss(pid), Math::max), 0, 50, TimeUnit.MILLISECONDS);
        String pad = "x".repeat(50_000);
        long bytes = 0, posts = 0, refused = 0;
        long start = System.nanoTime();
        while (bytes < targetBytes) {
            StringBuilder b = new StringBuilder("[");
            long now = System.currentTimeMillis();
            for (int m = 0; m < 18; m++) {
                b.append(m == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"sent_ms\":").append(now)
                        .append(",\"pad\":\"").append(pad).append("\"}}");
            }
            String body = b.append("]").toString();
            posts++;
            if (post(client, ingest, body) == 202) bytes += body.length(); else refused++;
            if (rate > 0) {
                long wait = start + (long) (bytes / rate * 1e9) - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(2000);
        sampler.shutdownNow();
        long after = rss(pid);
        System.out.printf("steady: %d metrics read, worst latency %d ms, RSS %d MB%n", steadyReceived, steadyLatency,
                steadyRss >> 20);
        System.out.printf("large: %d posts (refused %d), %.0f MB accepted in %.1f s, reader got %d metrics, worst "
                + "latency %d ms, RSS peak %d MB (+%d over steady), 2 s after %d MB (+%d)%n", posts, refused,
                bytes / 1e6, seconds, received.get(), maxLatencyMs.get(), peak.get() >> 20,
                (peak.get() - steadyRss) >> 20, after >> 20, (after - steadyRss) >> 20);
        System.exit(0);
    }

    static int post(HttpClient client, URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static long rss(int pid) {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }
}
