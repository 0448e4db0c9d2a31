package io.metricsstreamer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import java.io.IOException;

/**
 * What a {@code replay_complete} said: how many metrics its replay sent, and whether nothing of the range was missing.
 * Read with Jackson from the first bytes of the message that the client's frame reader keeps (the message is
 * shorter); one that cannot be read counts -1 metrics and not recovered.
 *
 * @param count     the metrics the replay sent ({@code count}), -1 when unreadable
 * @param recovered whether the replay was whole ({@code recovered})
 */
record ReplayComplete(long count, boolean recovered) {
    /** What an unreadable message stands for. */
    static final ReplayComplete UNREADABLE = new ReplayComplete(-1, false);

    /** Reads the message from the first {@code length} bytes of {@code head}. */
    static ReplayComplete parse(byte[] head, int length) {
        try {
            JsonNode n = Json.mapper().readTree(head, 0, length);
            if (n == null || !n.path("count").canConvertToLong()) {
                return UNREADABLE;
            }
            return new ReplayComplete(n.path("count").asLong(), n.path("recovered").asBoolean(false));
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
