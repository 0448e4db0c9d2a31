package io.metricsstreamer.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx ({@code /usr/sbin/nginx}, Debian's package) in front of cluster nodes, running the repository's
 * example configuration ({@code examples/nginx/cluster.conf}) with only its addresses changed: its {@code listen}
 * to an ephemeral port of 127.0.0.1, its two upstream {@code server} lines to the nodes' HTTP ports. Its own files
 * (configuration, pid, logs, temporary directories) live in a directory of the test. {@link #start} skips the test
 * (a JUnit assumption, with the reason) only when nginx is not installed.
 */
public final class Nginx implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/nginx");
    public static final Path EXAMPLE = Path.of("examples", "nginx", "cluster.conf");
    private static final String EXAMPLE_LISTEN = "listen 8080;";
    private static final List<String> EXAMPLE_NODES = List.of("server 127.0.0.1:5000 ", "server 127.0.0.1:5001 ");

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx with the example configuration in front of {@code nodeHttpPorts} (two), in {@code dir}. */
    public static Nginx start(Path dir, List<Integer> nodeHttpPorts) {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "nginx is not installed (apt-get install nginx): the "
                + "deployment behind nginx of docs/CLUSTER.md is not checked");
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String site = Files.readString(EXAMPLE);
            if (!site.contains(EXAMPLE_LISTEN) || !EXAMPLE_NODES.stream().allMatch(site::contains)
                    || nodeHttpPorts.size() != EXAMPLE_NODES.size()) {
                throw new IllegalStateException(EXAMPLE + " no longer has the lines the test replaces: "
                        + EXAMPLE_LISTEN + " " + EXAMPLE_NODES);
            }
            site = site.replace(EXAMPLE_LISTEN, "listen 127.0.0.1:" + port + ";");
            for (int i = 0; i < EXAMPLE_NODES.size(); i++) {
                site = site.replace(EXAMPLE_NODES.get(i), "server 127.0.0.1:" + nodeHttpPorts.get(i) + " ");
            }
            Files.writeString(dir.resolve("cluster.conf"), site);
            String d = dir.toAbsolutePath().toString();
            Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                    "worker_processes 1;",
                    "daemon off;",
                    "pid " + d + "/nginx.pid;",
                    "error_log " + d + "/error.log info;",
                    "events { worker_connections 256; }",
                    "http {",
                    "    access_log " + d + "/access.log;",
                    "    client_body_temp_path " + d + "/client_body;",
                    "    proxy_temp_path " + d + "/proxy;",
                    "    fastcgi_temp_path " + d + "/fastcgi;",
                    "    uwsgi_temp_path " + d + "/uwsgi;",
                    "    scgi_temp_path " + d + "/scgi;",
                    "    include " + d + "/cluster.conf;",
                    "}", ""));
            Process p = new ProcessBuilder(BINARY.toString(), "-p", d, "-c", d + "/nginx.conf", "-e",
                    d + "/error.log").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(p, dir, port);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited " + p.exitValue() + ": " + nginx.log());
                }
                try {
                    return TestServer.send(HttpRequest.newBuilder(nginx.uri("http", "/healthz"))
                            .timeout(Duration.ofSeconds(2)).build()).statusCode() == 200;
                } catch (UncheckedIOException e) {
                    return false;
                }
            });
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code SCHEME://127.0.0.1:PORT PATH} on nginx's port ({@code ws} or {@code http}). */
    public URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    /** Its error log (and anything it printed), for failure messages. */
    public String log() {
        try {
            Path stdout = dir.resolve("stdout.log");
            Path error = dir.resolve("error.log");
            return (Files.exists(stdout) ? Files.readString(stdout) : "")
                    + (Files.exists(error) ? Files.readString(error) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops it (SIGTERM: a fast shutdown) and waits until it is gone. */
    @Override
    public void close() {
        Processes.end(process, false, 10);
    }
}
