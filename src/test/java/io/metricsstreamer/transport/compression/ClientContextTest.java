package io.metricsstreamer.transport.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A client's LZ77 window as the server keeps it: the newest bytes, no more than the window, only what was sent. */
class ClientContextTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void keepsEverythingWhileItFitsAndTakesNoMoreRoomThanThat() {
        ClientContext c = new ClientContext(16);
        assertThat(c.length()).isZero();
        c.append(bytes("abc"), 0, 3);
        c.append(bytes("xdefx"), 1, 3);
        assertThat(c.kept()).isEqualTo(bytes("abcdef"));
    }

    @Test
    void keepsOnlyTheNewestWindowOfBytes() {
        ClientContext c = new ClientContext(8);
        c.append(bytes("0123456"), 0, 7);
        c.append(bytes("789"), 0, 3);
        assertThat(c.kept()).isEqualTo(bytes("23456789"));
        c.append(bytes("abcdefghijkl"), 0, 12);
        assertThat(c.kept()).as("a message longer than the window").isEqualTo(bytes("efghijkl"));
        c.append(bytes("Z"), 0, 1);
        assertThat(c.kept()).isEqualTo(bytes("fghijklZ"));
    }
}
