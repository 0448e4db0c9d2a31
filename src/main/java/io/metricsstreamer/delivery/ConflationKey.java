package io.metricsstreamer.delivery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The key under which latest mode keeps only the newest pending metric (SPEC 9): the metric type, with the
 * {@code agent_id} of the data when the data is an agent-scoped object (an object holding a string
 * {@code agent_id}). An array of agent records, or data without an agent id, is keyed by its type alone. Stateless.
 */
final class ConflationKey {
    private ConflationKey() {
    }

    /**
     * Whether {@code a} and {@code b} have the same key. Data without an agent id ({@link EncodedMetric#NO_AGENT}, told
     * apart by identity) is not the key of an agent whose id is the empty string, as in aggregation's key.
     */
    static boolean same(EncodedMetric a, EncodedMetric b) {
        String agentA = a.agentKey();
        String agentB = b.agentKey();
        return a.typeIndex() == b.typeIndex()
                && (agentA == agentB || (agentA != EncodedMetric.NO_AGENT && agentB != EncodedMetric.NO_AGENT
                    && agentA.equals(agentB)));
    }

    /**
     * The {@code agent_id} of the data of the envelope at {@code [offset, offset + length)} of {@code frame}, or
     * {@link EncodedMetric#NO_AGENT}. The envelope was encoded by the server, so it parses.
     */
    static String agentOf(byte[] frame, int offset, int length) {
        try (JsonParser p = Json.mapper().createParser(frame, offset, length)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean data = "data".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (!data) {
                    p.skipChildren();
                } else if (value != JsonToken.START_OBJECT) {
                    return EncodedMetric.NO_AGENT;
                } else {
                    return agentIdOfObject(p);
                }
            }
            return EncodedMetric.NO_AGENT;
        } catch (IOException e) {
            throw new UncheckedIOException("an envelope encoded by the server always parses", e);
        }
    }

    private static String agentIdOfObject(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean agent = "agent_id".equals(p.currentName());
            JsonToken value = p.nextToken();
            if (agent && value == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            p.skipChildren();
        }
        return EncodedMetric.NO_AGENT;
    }
}
