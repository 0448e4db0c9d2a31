package io.metricsstreamer.protocol;

import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.model.MetricType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Replaces the client's filters; a null list or map means that filter is absent. The fields are one list for
     * every type or per type, not both.
     *
     * @param agentIds     agent ids to keep, or null for no agent filter
     * @param fields       data keys every type keeps, or null for no field projection of every type
     * @param fieldsByType per metric type, the data keys it keeps, in the order the types were sent; a type not named
     *                     passes whole (so an empty map projects nothing). Null when the fields are not per type
     */
    record SetFilters(List<String> agentIds, List<String> fields, Map<MetricType, List<String>> fieldsByType)
            implements ClientMessage {
        /** Copies the lists and the map, keeping its order. */
        public SetFilters {
            if (fields != null && fieldsByType != null) {
                throw new IllegalArgumentException("fields are one list for every type or per type, not both");
            }
            agentIds = agentIds == null ? null : List.copyOf(agentIds);
            fields = fields == null ? null : List.copyOf(fields);
            fieldsByType = fieldsByType == null ? null : orderedCopy(fieldsByType);
        }

        /** Filters whose fields, if any, are one list for every type. */
        public SetFilters(List<String> agentIds, List<String> fields) {
            this(agentIds, fields, null);
        }

        private static Map<MetricType, List<String>> orderedCopy(Map<MetricType, List<String>> byType) {
            Map<MetricType, List<String>> copy = new LinkedHashMap<>();
            byType.forEach((t, list) -> copy.put(t, List.copyOf(list)));
            return Collections.unmodifiableMap(copy);
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
     * Replaces the connection's token before it expires: its claims become the client's new ceilings.
     *
     * @param token the new token, not yet verified (never shown by {@link #toString()})
     */
    record Refresh(String token) implements ClientMessage {
        @Override
        public String toString() {
            return "Refresh[token=(hidden)]";
        }
    }

    /**
     * Switches aggregation on ({@code spec}) or off (null).
     *
     * @param spec the window and functions, or null: aggregation off
     */
    record SetAggregation(AggregationSpec spec) implements ClientMessage {
    }
}
