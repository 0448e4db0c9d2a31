package io.metricsstreamer.cluster;

import io.lettuce.core.RedisURI;
import java.util.Locale;

/** The {@code --redis} option's URL: {@code redis://[:PASSWORD@]HOST:PORT[/DB]}, or {@code rediss://} for TLS. */
public final class RedisUrl {
    private RedisUrl() {
    }

    /**
     * Checks a URL. @throws IllegalArgumentException naming {@code --redis} and saying what is wrong (the password,
     * if any, is not repeated)
     */
    public static void check(String url) {
        parse(url);
    }

    static RedisURI parse(String url) {
        String scheme = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("redis://") && !scheme.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis must be a URL redis://[:PASSWORD@]HOST:PORT[/DB] (or "
                    + "rediss:// for TLS)");
        }
        try {
            RedisURI uri = RedisURI.create(url);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (RuntimeException e) {
            // The cause's text is left out: it may repeat the URL, password included.
            throw new IllegalArgumentException("--redis is not a valid URL redis://[:PASSWORD@]HOST:PORT[/DB] (a "
                    + "host, a port 1..65535, a database number)", e);
        }
    }

    /** The URL without its password, for logs and errors. */
    static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
    }
}
