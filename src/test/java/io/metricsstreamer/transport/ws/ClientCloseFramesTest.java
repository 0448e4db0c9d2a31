package io.metricsstreamer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.delivery.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCloseFramesTest {

    private static ByteBuf close(int code, byte... reason) {
        return Unpooled.buffer().writeShort(code).writeBytes(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999})
    void codesAnEndpointMaySendAreValid(int code) {
        assertThat(ClientCloseFrames.isValidCode(code)).isTrue();
        assertThat(ClientCloseFrames.refusal(close(code, (byte) 'o', (byte) 'k'))).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 32768, 65535})
    void unusedReservedAndNeverSentCodesAreAProtocolError(int code) {
        assertThat(ClientCloseFrames.isValidCode(code)).isFalse();
        assertThat(ClientCloseFrames.refusal(close(code))).isEqualTo(CloseReason.PROTOCOL_ERROR);
    }

    @Test
    void anEmptyCloseIsWellFormedAndOneByteIsAProtocolError() {
        assertThat(ClientCloseFrames.refusal(Unpooled.EMPTY_BUFFER)).isNull();
        assertThat(ClientCloseFrames.refusal(Unpooled.wrappedBuffer(new byte[] {0x03}))).isEqualTo(
                CloseReason.PROTOCOL_ERROR);
    }

    @Test
    void aReasonThatIsNotUtf8Is1007AndUtf8IsFine() {
        assertThat(ClientCloseFrames.refusal(close(1000, (byte) 'o', (byte) 0xC3, (byte) 0x28)))
                .isEqualTo(CloseReason.INVALID_CLOSE_REASON);
        assertThat(ClientCloseFrames.refusal(close(1000, (byte) 0xC3, (byte) 0xA9))).isNull();
        assertThat(CloseReason.INVALID_CLOSE_REASON.code()).isEqualTo(1007);
        assertThat(CloseReason.PROTOCOL_ERROR.code()).isEqualTo(1002);
    }

    @Test
    void aBadCodeWinsOverABadReason() {
        assertThat(ClientCloseFrames.refusal(close(999, (byte) 0xC3))).isEqualTo(CloseReason.PROTOCOL_ERROR);
    }

    @Test
    void readsFromTheReaderIndexAndLeavesItThere() {
        ByteBuf buf = Unpooled.buffer().writeByte(0).writeShort(999);
        buf.readByte();
        assertThat(ClientCloseFrames.refusal(buf)).isEqualTo(CloseReason.PROTOCOL_ERROR);
        assertThat(buf.readerIndex()).isEqualTo(1);
    }
}
