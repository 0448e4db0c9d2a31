package io.metricsstreamer.transport.compression;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's side of permessage-deflate's negotiation (RFC 7692 section 7.1): the first of the client's offers the
 * server can honour is accepted, and the answer always carries {@code server_no_context_takeover}, so that each
 * delivery frame is compressed alone and the same compressed bytes serve every client (section 7.1.1.1 lets a
 * server add it to any accepted offer). An offer is declined, and the next one tried, when it names a parameter
 * twice, one RFC 7692 does not define for offers, a value outside the grammar, or asks for what the server cannot
 * do: {@code server_max_window_bits} below 15 ({@link java.util.zip.Deflater} always uses a 32 KiB window). No
 * acceptable offer, or a header that does not parse: the handshake goes on without the extension, never fails.
 *
 * <p>What the client sends: {@code client_no_context_takeover}, when offered, is echoed (each client message is then
 * inflated alone); {@code client_max_window_bits} is accepted without naming a value, so the client keeps its own
 * window (up to 32 KiB, what the server's inflater reads anyway). The server does not impose
 * {@code client_no_context_takeover} on a client that did not offer it: a client may refuse an answer with a
 * parameter it does not implement (Netty's client does, by default). Stateless.
 *
 * <p>Netty's {@code PerMessageDeflateServerExtensionHandshaker} was considered for this and not used: it answers
 * {@code server_no_context_takeover} only when the client asked for it, reads a parameter named twice as once, and
 * its extension installs a zlib encoder and decoder in every connection's pipeline, where this server compresses
 * each shared frame once per server ({@link FrameDeflater}) and keeps no zlib stream per connection.
 */
public final class DeflateNegotiation {
    /** The extension's token. */
    public static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    /** The LZ77 window the server compresses with, in bits (the JDK's deflater has no other). */
    static final int SERVER_WINDOW_BITS = 15;
    /** The largest LZ77 window RFC 7692 allows, in bits: what a client keeping context may refer back to. */
    static final int MAX_WINDOW_BITS = 15;
    private static final int MIN_WINDOW_BITS = 8;

    private DeflateNegotiation() {
    }

    /**
     * What was agreed with one client.
     *
     * @param clientNoContextTakeover the client compresses each message alone (it offered so)
     * @param response                the {@code Sec-WebSocket-Extensions} value of the handshake's answer
     */
    public record Agreement(boolean clientNoContextTakeover, String response) {
        /**
         * What the server keeps of this client's messages between two of them: nothing when each comes alone, else
         * the client's LZ77 window, up to the largest a client may use ({@link ClientContext}).
         */
        public ClientContext newClientContext() {
            return clientNoContextTakeover ? null : new ClientContext(1 << MAX_WINDOW_BITS);
        }
    }

    /**
     * The agreement on the first acceptable permessage-deflate offer among the {@code Sec-WebSocket-Extensions}
     * header lines of a request ({@code headerLines}, possibly none), or null when none is acceptable.
     */
    public static Agreement negotiate(List<String> headerLines) {
        for (ExtensionOffers.Offer offer : ExtensionOffers.parse(headerLines)) {
            if (offer.wellFormed() && PERMESSAGE_DEFLATE.equalsIgnoreCase(offer.name())) {
                Agreement agreed = accept(offer.parameters());
                if (agreed != null) {
                    return agreed;
                }
            }
        }
        return null;
    }

    /** The agreement on one offer's parameters, or null when the offer is declined. */
    private static Agreement accept(List<ExtensionOffers.Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        boolean clientNoContext = false;
        boolean serverWindowAsked = false;
        for (ExtensionOffers.Parameter p : parameters) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (p.value() != null) {
                        return null;
                    }
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (p.value() != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    if (p.value() == null || windowBits(p.value()) != SERVER_WINDOW_BITS) {
                        return null;
                    }
                    serverWindowAsked = true;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (p.value() != null && windowBits(p.value()) < 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        StringBuilder response = new StringBuilder(PERMESSAGE_DEFLATE).append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        if (clientNoContext) {
            response.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        if (serverWindowAsked) {
            // RFC 7692 section 7.1.2.1: an accepted server_max_window_bits is answered, with the window used.
            response.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(SERVER_WINDOW_BITS);
        }
        return new Agreement(clientNoContext, response.toString());
    }

    /** A window size in bits, 8 to 15, as RFC 7692 writes it (1*DIGIT, no leading zero); -1 when it is not one. */
    private static int windowBits(String value) {
        if (value.isEmpty() || value.length() > 2 || value.charAt(0) == '0'
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int bits = Integer.parseInt(value);
        return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS ? bits : -1;
    }
}
