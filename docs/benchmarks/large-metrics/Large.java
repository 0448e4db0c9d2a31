import java.io.*;
import java.net.*;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** Issue 16 item 1, reproduced: a stuck client, a reading client, 900 kB POSTs of 18 x 50 kB metrics back to back. */
public class Large {
    public static void main(String[] a) throws Exception {
        int ws = Integer.parseInt(a[0]), http = Integer.parseInt(a[1]), pid = Integer.parseInt(a[2]);
        double seconds = Double.parseDouble(a[3]);
        // stuck client: handshake, then never read
        Socket stuck = new Socket("127.0.0.1", ws);
        stuck.setReceiveBufferSize(4096);
        stuck.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes());
        HttpClient client = HttpClient.newHttpClient();
        AtomicLong maxLatencyMs = new AtomicLong();
        AtomicLong received = new AtomicLong();
        CountDownLatch open = new CountDownLatch(1);
        WebSocket reader = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"),
                new WebSocket.Listener() {
                    StringBuilder buf = new StringBuilder();
                    public void onOpen(WebSocket w) { open.countDown(); w.request(1); }
                    public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
                        buf.append(d);
                        if (last) {
                            String s = buf.toString();
                            buf.setLength(0);
                            long now = System.currentTimeMillis();
                            int i = 0;
                            while ((i = s.indexOf("\"sent_ms\":", i)) >= 0) {
                                i += 10;
                                int j = i;
                                while (Character.isDigit(s.charAt(j))) j++;
                                long sent = Long.parseLong(s.substring(i, j));
                                maxLatencyMs.accumulateAndGet(now - sent, Math::max);
                                received.incrementAndGet();
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).get();
        open.await();
        Thread.sleep(1000);
        long rssBefore = rss(pid);
        String pad = "x".repeat(50_000);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long bytes = 0, posts = 0, refused = 0;
        while (System.nanoTime() < end) {
            StringBuilder b = new StringBuilder("[");
            long now = System.currentTimeMillis();
            for (int m = 0; m < 18; m++) {
                b.append(m == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"sent_ms\":").append(now)
                        .append(",\"pad\":\"").append(pad).append("\"}}");
            }
            String body = b.append("]").toString();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            posts++;
            if (r.statusCode() == 202) bytes += body.length(); else refused++;
        }
        Thread.sleep(2000);
        long rssAfter = rss(pid);
        System.out.printf("posts %d (refused %d), %.0f MB accepted, reader got %d metrics, max latency %d ms, RSS %d -> %d MB (+%d)%n",
                posts, refused, bytes / 1e6, received.get(), maxLatencyMs.get(), rssBefore >> 20, rssAfter >> 20,
                (rssAfter - rssBefore) >> 20);
        System.exit(0);
    }

    static long rss(int pid) throws IOException {
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }
}
