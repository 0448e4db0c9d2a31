package io.metricsstreamer.protocol;

import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.model.MetricType;
import java.util.List;

/** A validated message from a client. Every variant is immutable. */
public sealed interface ClientMessage {

    /**
     * Adds types to the subscription (the first subscribe replaces the implicit {@code all}).
     *
     * @param all   whether {@code all} was named
     * @param types the named types, resolved (without {@code all})
     */
    record Subscribe(boolean all, List<MetricType> types) implements ClientMessage {
        /** Copies the list. */
        public Subscribe {
            types = List.copyOf(types);
        }
    }

    /**
     * Removes types from the subscription.
     *
     * @param all   whether {@code all} was named (removes everything)
     * @param types the named types, resolved (without {@code all})
     */
    record Unsubscribe(boolean all, List<MetricType> types) implements ClientMessage {
        /** Copies the list. */
        public Unsubscribe {
            types = List.copyOf(types);
        }
    }

    /**
     * Replaces the client's filters; a null list means that filter is absent.
     *
     * @param agentIds agent ids to keep, or null for no agent filter
     * @param fields   data keys to keep, or null for no field projection
     */
    record SetFilters(List<String> agentIds, List<String> fields) implements ClientMessage {
        /** Copies the lists. */
        public SetFilters {
            agentIds = agentIds == null ? null : List.copyOf(agentIds);
            fields = fields == null ? null : List.copyOf(fields);
        }
    }

    /**
     * Sets the minimum gap between two deliveries, and whether a delivery carries every metric or only the newest of
     * each key.
     *
     * @param intervalSeconds 0 (no throttle) or 0.1 to 60
     * @param latest          {@code "mode":"latest"}: per key only the newest metric (conflation); false: every one
     */
    record SetUpdateInterval(double intervalSeconds, boolean latest) implements ClientMessage {
        /** Every metric ({@code "mode":"all"}). */
        public SetUpdateInterval(double intervalSeconds) {
            this(intervalSeconds, false);
        }
    }

    /**
     * Asks for a {@code pong}.
     *
     * @param id the JSON text of the ping's {@code id} exactly as the client wrote it (to echo as is), or null when
     *           the ping carried none
     */
    record Ping(String id) implements ClientMessage {
    }

    /**
     * Asks for the retained metrics after a position of the seq stream {@code epoch}.
     *
     * @param sinceSeq the last seq the client has (0 or more)
     * @param epoch    the epoch that seq belongs to (from {@code welcome} or an envelope's stream)
     */
    record ReplaySinceSeq(long sinceSeq, String epoch) implements ClientMessage {
    }

    /**
     * Asks for the retained metrics published in the last {@code seconds} seconds.
     *
     * @param seconds more than 0, at most {@link ClientMessageParser#MAX_REPLAY_SECONDS}
     */
    record ReplaySinceSeconds(double seconds) implements ClientMessage {
    }

    /**
     * Switches aggregation on ({@code spec}) or off (null).
     *
     * @param spec the window and functions, or null: aggregation off
     */
    record SetAggregation(AggregationSpec spec) implements ClientMessage {
    }
}
