package io.metricsstreamer.protocol;

import io.metricsstreamer.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs the protocol's JSON paths once before the server accepts clients: builds the shared {@link Json} mapper,
 * parses one valid message of each client type and one malformed message, and encodes every control reply. Without
 * it the first client to connect pays for all of that: its welcome comes late, and the classes it loads (Jackson's
 * tree model and serializers, the JDK's locale data) show up as memory growth under the first connections
 * (measured: docs/benchmarks/LOG.md). Runs once, on the thread that starts the server; leaves no state.
 */
public final class ProtocolWarmup {
    /** One valid message of each type in {@link ClientMessageParser#MESSAGE_TYPES}, in that order. */
    static final List<String> SAMPLES = List.of(
            "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}",
            "{\"type\":\"unsubscribe\",\"metric_types\":[\"all\"]}",
            "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"agent-1\"],\"fields\":[\"value\"]}}",
            "{\"type\":\"set_update_interval\",\"interval_seconds\":0.5}",
            "{\"type\":\"set_aggregation\",\"window_seconds\":1,\"functions\":{\"value\":\"max\"}}",
            "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"0000000000000000\"}",
            "{\"type\":\"ping\",\"id\":1}",
            "{\"type\":\"refresh\",\"token\":\"header.payload.signature\"}");

    private ProtocolWarmup() {
    }

    /** A message cut short: its refusal is the error path. */
    static final String MALFORMED = "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]";

    /**
     * Parses {@link #SAMPLES} and {@link #MALFORMED} with {@code parser} and encodes each reply once.
     *
     * @throws IllegalStateException when a sample no longer parses, or the malformed one does (the samples and the
     *                               parser disagree)
     */
    public static void run(ClientMessageParser parser) {
        for (String sample : SAMPLES) {
            try {
                parser.parse(sample);
            } catch (ProtocolException e) {
                throw new IllegalStateException("warm-up sample " + sample + " is refused: " + e.getMessage(), e);
            }
        }
        try {
            parser.parse(MALFORMED);
            throw new IllegalStateException("the malformed warm-up sample was accepted: " + MALFORMED);
        } catch (ProtocolException expected) {
            ServerMessages.error(expected.code(), expected.getMessage());
        }
        ServerMessages.welcome("client_0", Instant.now(), "0000000000000000", 0);
        ServerMessages.subscriptionConfirmed(List.of("all"));
        ServerMessages.filtersUpdated(Map.of("agent_ids", List.of("agent-1")));
        ServerMessages.updateIntervalSet(0.5, false);
        ServerMessages.aggregationSet(null);
        ServerMessages.replayComplete("0000000000000000", 1, 2, 2, 1, true);
        ServerMessages.pong(null);
        ServerMessages.refreshed(Instant.now());
    }
}
