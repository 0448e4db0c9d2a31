package io.metricsstreamer.testing;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebSocket frames built byte by byte, for the fuzzing tier: any opcode, reserved bits, masked or not, any length
 * encoding (minimal or not, or a length that is not the payload's). {@link RawWsClient#sendRaw} sends them.
 */
public final class FrameBytes {
    private FrameBytes() {
    }

    /** A frame as a conforming client writes it: masked, minimal length, no reserved bits. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        return frame(opcode, fin, 0, true, payload.length, false, payload);
    }

    /**
     * A frame of any shape.
     *
     * @param opcode        the opcode, 0 to 15
     * @param fin           the FIN bit
     * @param rsv           the three reserved bits, 0 to 7
     * @param masked        whether the payload is masked (as a client must)
     * @param declared      the length the header declares (may differ from the payload's)
     * @param longEncoding  whether to declare it in the 8-byte form whatever its size (not minimal below 65,536)
     * @param payload       the payload sent after the header
     */
    public static byte[] frame(int opcode, boolean fin, int rsv, boolean masked, long declared, boolean longEncoding,
                               byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0x0F);
        int mask = masked ? 0x80 : 0;
        if (longEncoding || declared > 0xFFFF || declared < 0) {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (declared >>> shift) & 0xFF);
            }
        } else if (declared >= 126) {
            out.write(mask | 126);
            out.write((int) (declared >>> 8) & 0xFF);
            out.write((int) declared & 0xFF);
        } else {
            out.write(mask | (int) declared);
        }
        byte[] key = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(key);
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ key[i & 3]);
        }
        return out.toByteArray();
    }
}
