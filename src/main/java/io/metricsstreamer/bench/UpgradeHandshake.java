package io.metricsstreamer.bench;

import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the WebSocket upgrade on the raw byte stream, as the C harness does it: the request, then the
 * response head read byte by byte up to its blank line, with no HTTP codec in the pipeline (the bytes after the head
 * are the first frames). The {@code Sec-WebSocket-Accept} value is not checked. One per connection, on its event
 * loop.
 */
final class UpgradeHandshake {
    /** How far reading the response head has come. */
    enum Progress {
        /** The head is not complete yet: feed the next bytes. */
        READING,
        /** The head is complete and a 101: the bytes after it are frames. */
        UPGRADED,
        /** The head is not a 101, or is larger than a head can be. */
        REFUSED
    }

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;

    private byte[] responseHead = new byte[512];
    private int responseHeadLength;

    /** The offer a browser makes (Chromium's), sent by clients that offer permessage-deflate. */
    static final String DEFLATE_OFFER = "permessage-deflate; client_max_window_bits";

    /** The upgrade request for {@code uri} (its host, port, path and query), with a fresh random key. */
    static String request(URI uri) {
        return request(uri, false);
    }

    /** As {@link #request(URI)}, offering permessage-deflate as a browser does when {@code deflate}. */
    static String request(URI uri, boolean deflate) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + (deflate ? "Sec-WebSocket-Extensions: " + DEFLATE_OFFER + "\r\n" : "") + "\r\n";
    }

    /**
     * Reads response head bytes from {@code in}, no further than the head's end (the bytes after it stay in
     * {@code in}). Not called again once the answer is not {@link Progress#READING}.
     */
    Progress read(ByteBuf in) {
        while (in.isReadable()) {
            if (responseHeadLength == responseHead.length) {
                if (responseHead.length >= MAX_RESPONSE_HEAD) {
                    return Progress.REFUSED;
                }
                responseHead = Arrays.copyOf(responseHead, responseHead.length * 2);
            }
            responseHead[responseHeadLength++] = in.readByte();
            if (endsWith(responseHead, responseHeadLength, HEAD_END)) {
                String status = new String(responseHead, 0, Math.min(responseHeadLength, 32),
                        StandardCharsets.US_ASCII);
                if (!status.startsWith("HTTP/1.1 101")) {
                    return Progress.REFUSED;
                }
                responseHead = null;
                return Progress.UPGRADED;
            }
        }
        return Progress.READING;
    }

    private static boolean endsWith(byte[] b, int length, byte[] suffix) {
        if (length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (b[length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
