package io.metricsstreamer.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.aggregation.AggregateFunction;
import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Encodes the server's control replies ({@code welcome}, {@code subscription_confirmed}, {@code filters_updated},
 * {@code update_interval_set}, {@code aggregation_set}, {@code replay_complete}, {@code pong}, {@code error}) as
 * JSON text. Metric deliveries are assembled elsewhere, from pre-encoded envelopes. Stateless and thread-safe.
 */
public final class ServerMessages {
    /** The welcome text of the original design. */
    public static final String WELCOME_MESSAGE = "Connected to real-time metrics stream";
    private static final String PONG = "{\"type\":\"pong\"}";
    private static final String PONG_WITH_ID = "{\"type\":\"pong\",\"id\":";

    private ServerMessages() {
    }

    /**
     * {@code {"type":"welcome","client_id":..,"timestamp":..,"message":..,"epoch":..,"seq":..}}: {@code epoch} names
     * the server's seq stream and {@code seq} is the seq it assigned last (0 if none), the position a client resumes
     * from.
     */
    public static String welcome(String clientId, Instant now, String epoch, long seq) {
        return write(welcomeNode(clientId, now, epoch, seq));
    }

    private static ObjectNode welcomeNode(String clientId, Instant now, String epoch, long seq) {
        ObjectNode n = object("welcome");
        n.put("client_id", clientId);
        n.put("timestamp", Timestamps.format(now));
        n.put("message", WELCOME_MESSAGE);
        n.put("epoch", epoch);
        n.put("seq", seq);
        return n;
    }

    /**
     * The welcome of a client that presented a token: as {@link #welcome(String, Instant, String, long)}, plus
     * {@code user} (the token's {@code sub}, null when it has none) and {@code expires_at} (its {@code exp}).
     */
    public static String welcome(String clientId, Instant now, String epoch, long seq, String user,
                                 Instant expiresAt) {
        ObjectNode n = welcomeNode(clientId, now, epoch, seq);
        n.put("user", user);
        n.put("expires_at", Timestamps.format(expiresAt));
        return write(n);
    }

    /** {@code {"type":"refreshed","expires_at":..}}: the connection's token was replaced; it now expires then. */
    public static String refreshed(Instant expiresAt) {
        ObjectNode n = object("refreshed");
        n.put("expires_at", Timestamps.format(expiresAt));
        return write(n);
    }

    /** {@code {"type":"subscription_confirmed","metric_types":[..]}}. */
    public static String subscriptionConfirmed(Collection<String> wireNames) {
        ObjectNode n = object("subscription_confirmed");
        wireNames.forEach(n.putArray("metric_types")::add);
        return write(n);
    }

    /**
     * {@code {"type":"filters_updated","filters":{..}}}: {@code filters} as {@code Filters.toWire()} gives them, each
     * value a list of strings or an object of lists (fields per type), written in the map's order.
     */
    public static String filtersUpdated(Map<String, ?> filters) {
        ObjectNode n = object("filters_updated");
        n.set("filters", Json.mapper().valueToTree(filters));
        return write(n);
    }

    /** {@code {"type":"update_interval_set","interval_seconds":x,"mode":"all"|"latest"}}. */
    public static String updateIntervalSet(double seconds, boolean latest) {
        ObjectNode n = object("update_interval_set");
        n.put("interval_seconds", seconds);
        n.put("mode", latest ? "latest" : "all");
        return write(n);
    }

    /**
     * {@code {"type":"aggregation_set","window_seconds":W,"function":F,"functions":{..}}}: the aggregation now in
     * effect, {@code window_seconds} 0 when off.
     */
    public static String aggregationSet(AggregationSpec spec) {
        ObjectNode n = object("aggregation_set");
        n.put("window_seconds", spec == null ? 0.0 : spec.windowSeconds());
        n.put("function", spec == null ? AggregateFunction.AVG.wire() : spec.function().wire());
        ObjectNode functions = n.putObject("functions");
        if (spec != null) {
            spec.functions().forEach((field, f) -> functions.put(field, f.wire()));
        }
        return write(n);
    }

    /**
     * {@code {"type":"replay_complete","epoch":E,"from_seq":A,"to_seq":B,"count":K,"earliest_seq":X,"recovered":R}}:
     * A and B (the first and last seq sent) and X (the oldest seq retained) are null when there is none.
     */
    public static String replayComplete(String epoch, long fromSeq, long toSeq, long count, long earliestSeq,
                                        boolean recovered) {
        ObjectNode n = object("replay_complete");
        n.put("epoch", epoch);
        putSeqOrNull(n, "from_seq", count == 0 ? 0 : fromSeq);
        putSeqOrNull(n, "to_seq", count == 0 ? 0 : toSeq);
        n.put("count", count);
        putSeqOrNull(n, "earliest_seq", earliestSeq);
        n.put("recovered", recovered);
        return write(n);
    }

    private static void putSeqOrNull(ObjectNode n, String name, long seq) {
        if (seq > 0) {
            n.put(name, seq);
        } else {
            n.putNull(name);
        }
    }

    /**
     * {@code {"type":"pong"}}, with {@code "id":ID} when the ping carried one: {@code id} is that id's JSON text, as
     * the client wrote it and as the parser checked it, and goes out unchanged.
     */
    public static String pong(String id) {
        return id == null ? PONG : PONG_WITH_ID + id + "}";
    }

    /** {@code {"type":"error","code":..,"message":..}}. */
    public static String error(ErrorCode code, String message) {
        ObjectNode n = object("error");
        n.put("code", code.wire());
        n.put("message", message);
        return write(n);
    }

    private static ObjectNode object(String type) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", type);
        return n;
    }

    private static String write(ObjectNode n) {
        try {
            return Json.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
