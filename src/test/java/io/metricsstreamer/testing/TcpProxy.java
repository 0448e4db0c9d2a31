package io.metricsstreamer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 (an ephemeral port) to one target port, for tests of what a client does when its
 * connection drops although the server keeps running: {@link #cut()} closes every proxied connection, both ways, and
 * refuses new ones (accepted, then reset at once) until {@link #resume()}. Bytes are passed on as they come, one
 * thread per direction. Close it (try-with-resources or {@code @AfterEach}).
 */
public final class TcpProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean refusing;

    private TcpProxy(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        target = new InetSocketAddress(loopback, targetPort);
        listener = new ServerSocket(0, 50, loopback);
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy from an ephemeral port of 127.0.0.1 to {@code targetPort} of 127.0.0.1. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the proxy listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code ws://127.0.0.1:PORT} + path, through the proxy. */
    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** Closes every proxied connection, both ways, and refuses new ones until {@link #resume()}. */
    public void cut() {
        refusing = true;
        for (Link link : links) {
            link.close();
        }
    }

    /** Proxies new connections again. */
    public void resume() {
        refusing = false;
    }

    /** The connections being proxied now. */
    public int activeConnections() {
        return links.size();
    }

    /** The connections proxied so far (not counting the refused ones). */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** The connections refused while cut. */
    public int refusedConnections() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            if (refusing) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(target, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                reset(client);
                closeQuietly(server);
                continue;
            }
            accepted.incrementAndGet();
            Link link = new Link(client, server);
            links.add(link);
            if (refusing) {
                link.close();   // cut while it connected
                continue;
            }
            link.start();
        }
    }

    /** Closes with a reset (SO_LINGER 0), as a connection refused at once. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closed already
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        cut();
    }

    /** One proxied connection: two sockets and a pump each way; either side ending ends both. */
    private final class Link {
        private final Socket client;
        private final Socket server;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, "up");
            pump(server, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // cut, or either side went away
                } finally {
                    close();
                }
            }, "tcp-proxy-" + direction + "-" + from.getPort());
            t.setDaemon(true);
            t.start();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }
}
