package io.metricsstreamer.transport.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The token of a line protocol write, from the places InfluxDB's clients put their credentials, as the
 * {@code Bearer} header the server's token check reads. Stateless.
 */
final class InfluxCredentials {
    private InfluxCredentials() {
    }

    /**
     * {@code Bearer TOKEN} for {@code Authorization: Token TOKEN}, for {@code Authorization: Basic} whose password is
     * the token, or, with no header, for the URL's {@code p} parameter (its last value); null when the request
     * carries none of those (a {@code Bearer} header is then read as it is).
     *
     * @param authorization the {@code Authorization} header, or null
     * @param passwords     the URL's {@code p} values, or null
     */
    static String bearer(String authorization, List<String> passwords) {
        if (authorization == null) {
            return passwords == null || passwords.isEmpty() ? null : "Bearer " + passwords.get(passwords.size() - 1);
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String rest = value.substring(space + 1).trim();
        if (scheme.equals("token")) {
            return "Bearer " + rest;
        }
        if (scheme.equals("basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : "Bearer " + pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
