package io.metricsstreamer.loadgen;

import io.metricsstreamer.loadgen.http.RequestTemplate;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request a scenario sends, the same every time: an absolute {@code http://} or {@code https://} URL, a
 * method, headers in order, and a body (empty for none). Its {@link #endpoint()} names it in the metrics.
 */
public record Target(URI url, String method, List<Map.Entry<String, String>> headers, byte[] body) {
    /**
     * Checks the request can be sent.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public Target {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
        template(url, method, headers, body);
    }

    /** A GET of {@code url}. */
    public static Target get(String url) {
        return new Target(URI.create(url), "GET", List.of(), new byte[0]);
    }

    /** The same request with one more header. */
    public Target withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new Target(url, method, more, body);
    }

    /** The method and the URL's path, as the metrics name it: {@code GET /api/orders}. */
    public String endpoint() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return method + " " + path;
    }

    RequestTemplate template() {
        return template(url, method, headers, body);
    }

    private static RequestTemplate template(URI url, String method, List<Map.Entry<String, String>> headers,
            byte[] body) {
        if (url == null || method == null) {
            throw new IllegalArgumentException("a target needs a URL and a method");
        }
        return new RequestTemplate(url, method, headers, body);
    }
}
