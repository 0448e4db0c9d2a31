package io.metricsstreamer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that upgrade to WebSocket and then never read again (W6): what the server holds for a client that
 * takes nothing must stay bounded, and must not slow the clients that read. Blocking sockets, opened and closed on
 * the runner's thread.
 */
final class StuckClients implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;
    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code count} connections to {@code ws} and reads each one's handshake answer, then nothing more. */
    static StuckClients open(URI ws, int count) {
        StuckClients stuck = new StuckClients();
        try {
            for (int i = 0; i < count; i++) {
                Socket s = BenchTls.isTls(ws) ? BenchTls.jdk().getSocketFactory().createSocket() : new Socket();
                stuck.sockets.add(s);
                s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), TIMEOUT_MILLIS);
                s.setSoTimeout(TIMEOUT_MILLIS);
                String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
                s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                readHead(s.getInputStream());
            }
            return stuck;
        } catch (IOException e) {
            stuck.close();
            throw new UncheckedIOException("could not open a stuck client to " + ws, e);
        }
    }

    /** Reads up to the end of the handshake's answer, and not a byte past it. */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        sockets.clear();
    }
}
