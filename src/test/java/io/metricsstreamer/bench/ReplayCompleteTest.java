package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.protocol.ServerMessages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A bench client's reading of the server's replay_complete, and the URL that asks for a replay at connect. */
class ReplayCompleteTest {
    private static ReplayComplete parse(String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        return ReplayComplete.parse(b, b.length);
    }

    @Test
    void readsTheCountAndWhetherTheReplayWasWholeFromTheServersMessage() {
        assertThat(parse(ServerMessages.replayComplete("0123456789abcdef", 1, 100_000, 100_000, 1, true)))
                .isEqualTo(new ReplayComplete(100_000, true));
        assertThat(parse(ServerMessages.replayComplete("0123456789abcdef", 0, 0, 0, 0, false)))
                .isEqualTo(new ReplayComplete(0, false));
    }

    @Test
    void aMessageCutShortOrWithoutACountIsUnreadable() {
        String whole = ServerMessages.replayComplete("0123456789abcdef", 1, 100_000, 100_000, 1, true);

        assertThat(parse(whole.substring(0, whole.length() - 20))).isEqualTo(ReplayComplete.UNREADABLE);
        assertThat(parse("{\"type\":\"replay_complete\"}")).isEqualTo(ReplayComplete.UNREADABLE);
    }

    @Test
    void theReplayAtConnectIsAskedForInTheWebSocketUrlsQuery() {
        assertThat(ReplayRunner.replayUri(URI.create("ws://127.0.0.1:8765/"), 0, "0a1b")).hasToString(
                "ws://127.0.0.1:8765/?since_seq=0&epoch=0a1b");
        assertThat(ReplayRunner.replayUri(URI.create("ws://h:1/ws?metric_types=all"), 42, "a b")).hasToString(
                "ws://h:1/ws?metric_types=all&since_seq=42&epoch=a+b");
        assertThat(UpgradeHandshake.request(ReplayRunner.replayUri(URI.create("ws://127.0.0.1:8765/"), 7, "e")))
                .startsWith("GET /?since_seq=7&epoch=e HTTP/1.1\r\n");
    }
}
