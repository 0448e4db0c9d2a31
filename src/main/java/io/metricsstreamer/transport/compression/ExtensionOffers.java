package io.metricsstreamer.transport.compression;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code Sec-WebSocket-Extensions} request header (RFC 6455 section 9.1) into the client's offers, in its
 * order of preference: {@code extension-token *(";" token ["=" (token | quoted-string)])}, offers separated by commas,
 * several header lines joined as one list. Strict where the negotiation must be: an offer that does not follow the
 * grammar is kept as malformed (and declined), never half-read, and a parameter named twice stays twice so that the
 * negotiation can decline it. Stateless.
 */
final class ExtensionOffers {
    private ExtensionOffers() {
    }

    /**
     * One offered extension.
     *
     * @param name       the extension's token ({@code permessage-deflate}); empty when malformed
     * @param parameters its parameters in order, each a name and a value (null when it has none)
     * @param wellFormed whether it follows the grammar
     */
    record Offer(String name, List<Parameter> parameters, boolean wellFormed) {
    }

    /**
     * One extension parameter.
     *
     * @param name  its token, as sent
     * @param value its value (a quoted-string unquoted), or null when it has none
     */
    record Parameter(String name, String value) {
    }

    /** The offers of every header line, in order. */
    static List<Offer> parse(List<String> headerLines) {
        List<Offer> offers = new ArrayList<>();
        for (String line : headerLines) {
            for (String element : split(line, ',')) {
                if (!element.isBlank()) {
                    offers.add(offer(element));
                }
            }
        }
        return offers;
    }

    private static Offer offer(String element) {
        List<String> parts = split(element, ';');
        String name = parts.get(0).trim();
        List<Parameter> parameters = new ArrayList<>();
        boolean ok = isToken(name);
        for (int i = 1; i < parts.size() && ok; i++) {
            Parameter p = parameter(parts.get(i));
            ok = p != null;
            if (ok) {
                parameters.add(p);
            }
        }
        return ok ? new Offer(name, List.copyOf(parameters), true) : new Offer("", List.of(), false);
    }

    /** A parameter, or null when it does not follow the grammar. */
    private static Parameter parameter(String text) {
        int eq = text.indexOf('=');
        String name = (eq < 0 ? text : text.substring(0, eq)).trim();
        if (!isToken(name)) {
            return null;
        }
        if (eq < 0) {
            return new Parameter(name, null);
        }
        String value = text.substring(eq + 1).trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = unquote(value.substring(1, value.length() - 1));
            return value == null || value.isEmpty() ? null : new Parameter(name, value);
        }
        return isToken(value) ? new Parameter(name, value) : null;
    }

    /** The content of a quoted-string without its quotes, escapes resolved; null when a quote is left unescaped. */
    private static String unquote(String inner) {
        StringBuilder sb = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                sb.append(inner.charAt(++i));
            } else if (c == '"' || c == '\\') {
                return null;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Splits at {@code separator} outside quoted-strings (a backslash escapes the next character inside one). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** Whether {@code s} is an RFC 7230 token: one or more visible ASCII characters other than separators. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
