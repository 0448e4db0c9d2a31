package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A frame as slices: the first held in fields, the later ones in arrays that grow, read back alike. */
class SlicedFrameTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFrameOfOneSliceReadsBackThatSlice() {
        byte[] whole = bytes("{\"type\":\"metric_update\"}");

        SlicedFrame f = new SlicedFrame(1).add(whole, 2, 6);

        assertThat(f.count()).isEqualTo(1);
        assertThat(f.array(0)).isSameAs(whole);
        assertThat(f.offset(0)).isEqualTo(2);
        assertThat(f.length(0)).isEqualTo(6);
        assertThat(f.totalBytes()).isEqualTo(6);
        assertThat(f).hasToString("type\":");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 7})
    void slicesPastTheRoomMadeGrowTheFrameInOrder(int room) {
        SlicedFrame f = room == 4 ? new SlicedFrame() : new SlicedFrame(room);
        StringBuilder expected = new StringBuilder();
        byte[] digits = bytes("0123456789");

        for (int i = 0; i < 25; i++) {
            f.add(digits, i % 10, 1);
            expected.append(i % 10);
        }

        assertThat(f.count()).isEqualTo(25);
        assertThat(f.totalBytes()).isEqualTo(25);
        assertThat(f).hasToString(expected.toString());
        for (int i = 0; i < 25; i++) {
            assertThat(f.array(i)).isSameAs(digits);
            assertThat(f.offset(i)).isEqualTo(i % 10);
            assertThat(f.length(i)).isEqualTo(1);
        }
    }

    @Test
    void anEmptyFrameHasNoBytes() {
        SlicedFrame f = new SlicedFrame();

        assertThat(f.count()).isZero();
        assertThat(f.toBytes()).isEmpty();
    }
}
