package io.metricsstreamer.loadgen.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request, encoded once and sent as the same bytes every time. {@code uri} is absolute, {@code http} or
 * {@code https}; {@code headers} are sent as given after {@code Host} (a {@code Host} among them replaces it);
 * {@code Content-Length} is set when there is a body or the method usually carries one.
 */
public record RequestTemplate(URI uri, String method, List<Map.Entry<String, String>> headers, byte[] body) {
    /** Checks the parts and copies the mutable ones. */
    public RequestTemplate {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("target " + uri + ": only http:// and https:// URLs can be tested");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("target " + uri + " has no host");
        }
        if (!method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("method '" + method + "' is not an HTTP method (upper-case letters)");
        }
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    /** Whether the target is reached over TLS. */
    public boolean tls() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The port, with the scheme's default. */
    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : tls() ? 443 : 80;
    }

    /** The path and query sent on the request line ({@code /} when the URL has no path). */
    public String pathAndQuery() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The request's bytes on the wire. */
    public byte[] encode() {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(pathAndQuery()).append(" HTTP/1.1\r\n");
        boolean host = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("host"));
        if (!host) {
            boolean defaultPort = uri.getPort() < 0;
            head.append("Host: ").append(uri.getHost()).append(defaultPort ? "" : ":" + uri.getPort()).append("\r\n");
        }
        boolean agent = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("user-agent"));
        if (!agent) {
            head.append("User-Agent: metrics-streamer-run\r\n");
        }
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        boolean carriesBody = body.length > 0 || method.equals("POST") || method.equals("PUT")
                || method.equals("PATCH");
        if (carriesBody) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }
}
