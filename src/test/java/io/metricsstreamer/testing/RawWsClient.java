package io.metricsstreamer.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket client written on a plain socket, for what a well-behaved client library will not do: send binary
 * or oversize frames, fragments, half a frame, never read, never answer pings. Frames from the server are read
 * raw, so pings and close codes can be seen. Not thread-safe.
 */
public final class RawWsClient implements AutoCloseable {
    /** Text frame opcode. */
    public static final int TEXT = 0x1;
    /** Binary frame opcode. */
    public static final int BINARY = 0x2;
    /** Continuation frame opcode. */
    public static final int CONTINUATION = 0x0;
    /** Close frame opcode. */
    public static final int CLOSE = 0x8;
    /** Ping frame opcode. */
    public static final int PING = 0x9;
    /** Pong frame opcode. */
    public static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final String responseHead;

    private RawWsClient(Socket socket, int status, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHead = responseHead;
    }

    /**
     * Opens a socket with default buffers and performs the handshake on {@code path}. A client that stops reading
     * needs no smaller receive buffer to stall the server: a tiny one (4 KiB) is smaller than one loopback segment's
     * memory, so Linux drops the server's segments, and with them the acknowledgements they carry for what this
     * client sent, and both directions back off retransmitting for seconds (seen under CPU load, as tests that
     * waited on a stalled TCP connection instead of on the server).
     */
    public static RawWsClient connect(int port, String path) {
        return connect(port, path, Map.of());
    }

    /** Performs the handshake on {@code path} with {@code headers} added to the request (Origin, Authorization). */
    public static RawWsClient connect(int port, String path, Map<String, String> headers) {
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        return connect(port, path, extra.toString());
    }

    /**
     * As {@link #connect(int, String)}, with {@code extraHeaders} (complete lines, each ending in CRLF, such as
     * {@code "Sec-WebSocket-Extensions: permessage-deflate\r\n"}) in the upgrade request.
     */
    public static RawWsClient connect(int port, String path, String extraHeaders) {
        return connect(new Socket(), port, path, extraHeaders);
    }

    /** As {@link #connect(int)} over TLS ({@code wss://}), trusting what {@code tls} trusts. */
    public static RawWsClient connectTls(int port, SSLContext tls) {
        try {
            return connect(tls.getSocketFactory().createSocket(), port, "/", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawWsClient connect(Socket s, int port, String path, String extraHeaders) {
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                    + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            int status = Integer.parseInt(head.split(" ")[1]);
            return new RawWsClient(s, status, head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to {@code /} with default socket buffers. */
    public static RawWsClient connect(int port) {
        return connect(port, "/");
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The handshake's HTTP status (101 when upgraded). */
    public int status() {
        return status;
    }

    /** The handshake response's status line and headers. */
    public String responseHead() {
        return responseHead;
    }

    /** The body of a refused handshake's response (its {@code Content-Length} bytes after the head). */
    public String responseBody() {
        Matcher m = Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(responseHead);
        if (!m.find()) {
            return "";
        }
        try {
            return new String(socket.getInputStream().readNBytes(Integer.parseInt(m.group(1))),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one masked frame. */
    public void sendFrame(int opcode, byte[] payload, boolean fin) {
        sendFrame(opcode, payload, fin, 0);
    }

    /** Sends one masked frame with reserved bits {@code rsv} (4: RSV1, 2: RSV2, 1: RSV3). */
    public void sendFrame(int opcode, byte[] payload, boolean fin, int rsv) {
        try {
            out.write(encode(opcode | (rsv & 0x7) << 4, payload, fin));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one masked text frame. */
    public void sendText(String text) {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends masked text frames, one for each of {@code texts}, in a single write (they arrive together). */
    public void sendTextsAtOnce(String... texts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String text : texts) {
            all.writeBytes(encode(TEXT, text.getBytes(StandardCharsets.UTF_8), true));
        }
        sendRaw(all.toByteArray());
    }

    /** Sends the first {@code bytes} bytes of a frame and nothing more (a client vanishing mid-frame). */
    public void sendPartialFrame(int opcode, byte[] payload, int bytes) {
        try {
            byte[] all = encode(opcode, payload, true);
            out.write(all, 0, Math.min(bytes, all.length));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code bytes} as they are: an unmasked frame, reserved bits, anything. */
    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets the connection (SO_LINGER 0: the server reads "connection reset by peer", not an orderly end). */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static byte[] encode(int opcode, byte[] payload, boolean fin) {
        int len = payload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + len);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (len < 126) {
            b.put((byte) (0x80 | len));
        } else if (len <= 0xFFFF) {
            b.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            b.put((byte) (0x80 | 127)).putLong(len);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.put(mask);
        for (int i = 0; i < len; i++) {
            b.put((byte) (payload[i] ^ mask[i & 3]));
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** Reads the next frame from the server; null when the connection ended or nothing came within the timeout. */
    public Frame readFrame() {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload, (b0 >> 4) & 0x7);
        } catch (SocketTimeoutException | EOFException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads frames until a close frame (returned) or the end of the connection (null). */
    public Frame readUntilClose() {
        Frame f;
        do {
            f = readFrame();
        } while (f != null && f.opcode() != CLOSE);
        return f;
    }

    /** Closes the socket abruptly (no close frame). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /**
     * One frame from the server.
     *
     * @param opcode  the frame's opcode
     * @param fin     whether it is the last fragment
     * @param payload its payload
     * @param rsv     its reserved bits (4: RSV1, which permessage-deflate sets on a compressed message)
     */
    public record Frame(int opcode, boolean fin, byte[] payload, int rsv) {
        /** Whether RSV1 is set: a compressed message, under permessage-deflate. */
        public boolean compressed() {
            return (rsv & 0x4) != 0;
        }

        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** The close reason of a close frame. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }
}
