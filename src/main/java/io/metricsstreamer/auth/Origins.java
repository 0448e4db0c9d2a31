package io.metricsstreamer.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Origins as browsers send them in the {@code Origin} header (RFC 6454): {@code scheme://host[:port]}, compared in
 * one normal form: scheme and host in lower case, the scheme's default port left out, nothing after the port.
 */
public final class Origins {
    private Origins() {
    }

    /**
     * The normal form of {@code origin}, or null when it is not an {@code http} or {@code https} origin with a host
     * and nothing after its port (the opaque {@code null} origin of sandboxed pages and files is not one).
     */
    public static String normalize(String origin) {
        if (origin == null || origin.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || "http".equals(scheme) && port == 80
                || "https".equals(scheme) && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
