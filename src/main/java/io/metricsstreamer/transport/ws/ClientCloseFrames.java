package io.metricsstreamer.transport.ws;

import io.metricsstreamer.delivery.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.CharsetUtil;

/**
 * The rules of RFC 6455 (sections 5.5.1 and 7.4) for a close frame a client sends, checked by the session handler so
 * that a bad one is answered with a close frame: a payload of one byte or a status code no endpoint may send is a
 * protocol error (1002), a reason that is not UTF-8 is 1007. Netty's decoder checks the same, but having already
 * seen the client's close it then drops the connection without a close frame (and it lets codes from 5000 through),
 * so {@link ClientFrameDecoder} leaves the body to these rules.
 */
final class ClientCloseFrames {
    private ClientCloseFrames() {
    }

    /**
     * Whether a client may send {@code code}: 1000-1003 and 1007-1014 (defined, or registered with IANA), 3000-4999
     * (libraries, applications). Below 1000 is unused, 1004 reserved, 1005, 1006 and 1015 must never be sent,
     * 1016-2999 are reserved for the protocol, and nothing is defined from 5000.
     */
    static boolean isValidCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /** What to answer a close frame with {@code payload}: null when it is well-formed (then it is echoed). */
    static CloseReason refusal(ByteBuf payload) {
        int length = payload.readableBytes();
        if (length == 0) {
            return null;
        }
        if (length == 1 || !isValidCode(payload.getUnsignedShort(payload.readerIndex()))) {
            return CloseReason.PROTOCOL_ERROR;
        }
        if (length > 2 && !ByteBufUtil.isText(payload, payload.readerIndex() + 2, length - 2, CharsetUtil.UTF_8)) {
            return CloseReason.INVALID_CLOSE_REASON;
        }
        return null;
    }
}
