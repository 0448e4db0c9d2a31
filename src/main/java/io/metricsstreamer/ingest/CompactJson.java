package io.metricsstreamer.ingest;

import java.util.Arrays;

/**
 * Copies a JSON value the parser has already read out of the request body as compact bytes: the span as it is, or
 * without its whitespace outside strings where it has some, so a metric's data is copied once, never decoded into
 * characters and encoded again; strings and numbers stay as the publisher wrote them. It relies on the parser having
 * validated the span, strings included: what the server sends goes out in text frames, which must be valid UTF-8,
 * and Jackson's parser refuses overlong forms, encoded surrogates and code points past U+10FFFF even in values it
 * skips (IngestParserTest holds it to that). Bytes of multi-byte characters are never quotes, backslashes or
 * whitespace, so the scan needs no decoding. Stateless.
 */
final class CompactJson {
    private CompactJson() {
    }

    /** The compact form of {@code json[start, end)}, a JSON value the parser validated. */
    static byte[] copy(byte[] json, int start, int end) {
        boolean inString = false;
        int whitespace = 0;
        for (int i = start; i < end; i++) {
            int c = json[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                whitespace++;
            }
        }
        return whitespace == 0 ? Arrays.copyOfRange(json, start, end) : withoutWhitespace(json, start, end, whitespace);
    }

    private static byte[] withoutWhitespace(byte[] json, int start, int end, int whitespace) {
        byte[] out = new byte[end - start - whitespace];
        int at = 0;
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte c = json[i];
            if (inString) {
                out[at++] = c;
                if (c == '\\') {
                    out[at++] = json[++i];
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out[at++] = c;
            } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                out[at++] = c;
            }
        }
        return out;
    }
}
