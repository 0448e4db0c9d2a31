package io.metricsstreamer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a client that stopped reading gets once it reads again: every metric {@code data.i} of {@code 0..total-1}
 * either received, in increasing order, or counted in a delivery's {@code dropped}.
 *
 * @param received the metrics received
 * @param dropped  the metrics the deliveries said were dropped
 * @param lastI    the {@code data.i} of the last metric received
 */
public record StalledReads(long received, long dropped, long lastI) {
    /** Reads {@code client}'s frames until {@code total} metrics are received or counted dropped. */
    public static StalledReads readUntilAccounted(RawWsClient client, long total) {
        long received = 0;
        long dropped = 0;
        long lastI = -1;
        while (received + dropped < total) {
            RawWsClient.Frame f = client.readFrame();
            assertThat(f).as("frames until every metric is accounted for").isNotNull();
            JsonNode m = TestServer.parse(f.text());
            if ("welcome".equals(m.path("type").asText())) {
                continue;
            }
            dropped += m.path("dropped").asLong();
            for (JsonNode e : WsTestClient.envelopes(m)) {
                assertThat(e.at("/data/i").asLong()).isGreaterThan(lastI);
                lastI = e.at("/data/i").asLong();
                received++;
            }
        }
        return new StalledReads(received, dropped, lastI);
    }
}
