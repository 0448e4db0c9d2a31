package io.metricsstreamer.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.metricsstreamer.aggregation.AggregateFunction;
import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a client's text frame into a validated {@link ClientMessage}, or refuses it with a
 * {@link ProtocolException} whose message names the problem. Unknown fields are refused too (a misspelt
 * {@code metric_type} should not silently mean "all"); {@code id} is accepted on every message.
 * Stateless and thread-safe.
 */
public final class ClientMessageParser {
    /** The message types a client may send. */
    public static final List<String> MESSAGE_TYPES =
            List.of("subscribe", "unsubscribe", "set_filters", "set_update_interval", "set_aggregation", "replay",
                    "ping", "refresh");
    /** Smallest non-zero update interval. */
    public static final double MIN_INTERVAL_SECONDS = 0.1;
    /** Largest update interval. */
    public static final double MAX_INTERVAL_SECONDS = 60.0;
    /**
     * Most values in one filter list ({@code agent_ids} or {@code fields}), and in all the lists of {@code fields}
     * per type together. Every client holds its filters and statistics echo them, so this bounds what one client's
     * filters can cost.
     */
    public static final int MAX_FILTER_VALUES = 1000;
    /** Longest window of a replay by time: a day. */
    public static final double MAX_REPLAY_SECONDS = 86_400;
    /** Longest epoch a replay may name (the server's are 16 characters). */
    public static final int MAX_EPOCH_LENGTH = 128;
    /** Longest filter value, in characters. */
    public static final int MAX_FILTER_VALUE_LENGTH = 256;

    private static final Set<String> FILTER_KEYS = Set.of("agent_ids", "fields");

    private final MetricTypes types;

    /** A parser resolving metric type names against {@code types}. */
    public ClientMessageParser(MetricTypes types) {
        this.types = types;
    }

    /** Parses and validates one message. */
    public ClientMessage parse(String text) throws ProtocolException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "message is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "message is empty: send a JSON object with a 'type'");
        }
        if (!root.isObject()) {
            throw invalid("message must be a JSON object with a 'type'");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw invalid("message needs a string 'type', one of " + MESSAGE_TYPES);
        }
        String name = type.textValue();
        switch (name) {
            case "subscribe":
                onlyFields(root, name, "metric_types");
                return subscribe(root);
            case "unsubscribe":
                onlyFields(root, name, "metric_types");
                return unsubscribe(root);
            case "set_filters":
                onlyFields(root, name, "filters");
                return setFilters(root);
            case "set_update_interval":
                onlyFields(root, name, "interval_seconds", "mode");
                return setUpdateInterval(root);
            case "set_aggregation":
                onlyFields(root, name, "window_seconds", "function", "functions");
                return setAggregation(root);
            case "replay":
                onlyFields(root, name, "since_seq", "epoch", "since_seconds");
                return replay(root);
            case "ping":
                onlyFields(root, name);
                return new ClientMessage.Ping(root.has("id") ? idText(text) : null);
            case "refresh":
                onlyFields(root, name, "token");
                return refresh(root);
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE,
                        "unknown message type '" + name + "'; valid types: " + String.join(", ", MESSAGE_TYPES));
        }
    }

    private static ClientMessage refresh(JsonNode root) throws ProtocolException {
        JsonNode token = root.get("token");
        if (token == null || !token.isTextual() || token.textValue().isBlank()) {
            throw invalid("refresh needs 'token', the new token as a string");
        }
        return new ClientMessage.Refresh(token.textValue());
    }

    private ClientMessage subscribe(JsonNode root) throws ProtocolException {
        JsonNode list = root.get("metric_types");
        if (list == null) {
            return new ClientMessage.Subscribe(true, List.of());
        }
        List<MetricType> resolved = new ArrayList<>();
        boolean all = resolveTypes(list, resolved);
        return new ClientMessage.Subscribe(all, resolved);
    }

    private ClientMessage unsubscribe(JsonNode root) throws ProtocolException {
        JsonNode list = root.get("metric_types");
        if (list == null) {
            throw invalid("unsubscribe needs 'metric_types', a list of metric type names");
        }
        List<MetricType> resolved = new ArrayList<>();
        boolean all = resolveTypes(list, resolved);
        return new ClientMessage.Unsubscribe(all, resolved);
    }

    private boolean resolveTypes(JsonNode list, List<MetricType> out) throws ProtocolException {
        List<String> names = stringList(list, "metric_types");
        boolean all = false;
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if ("all".equals(n.toLowerCase(Locale.ROOT))) {
                all = true;
            } else {
                types.find(n).ifPresentOrElse(out::add, () -> unknown.add(n));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_METRIC_TYPE, "unknown metric type(s) " + unknown
                    + "; valid types: all, " + String.join(", ", types.names()));
        }
        return all;
    }

    private ClientMessage setFilters(JsonNode root) throws ProtocolException {
        JsonNode filters = root.get("filters");
        if (filters == null || !filters.isObject()) {
            throw invalid("set_filters needs 'filters', an object with 'agent_ids' and/or 'fields' ({} clears)");
        }
        for (Iterator<String> it = filters.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!FILTER_KEYS.contains(key)) {
                throw invalid("unknown filter '" + key + "'; valid filters: agent_ids, fields");
            }
        }
        JsonNode agents = filters.get("agent_ids");
        JsonNode fields = filters.get("fields");
        List<String> agentIds = agents == null ? null : filterList(agents, "filters.agent_ids");
        if (fields != null && fields.isObject()) {
            return new ClientMessage.SetFilters(agentIds, null, fieldsByType(fields));
        }
        if (fields != null && !fields.isArray()) {
            throw invalid("'filters.fields' must be a list of strings, or an object from metric type names to lists "
                    + "of strings");
        }
        return new ClientMessage.SetFilters(agentIds, fields == null ? null : filterList(fields, "filters.fields"));
    }

    /**
     * {@code filters.fields} as an object: each member a metric type name (case-insensitive, not {@code all}) and the
     * list of fields that type keeps. Each list as any filter list, and at most {@link #MAX_FILTER_VALUES} values in
     * all the lists together, so that a client's fields cost no more than one list does. Shapes are checked first,
     * then names: every unknown name is reported at once, as {@code subscribe} does.
     */
    private Map<MetricType, List<String>> fieldsByType(JsonNode object) throws ProtocolException {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            List<String> values = filterList(e.getValue(), "filters.fields." + e.getKey());
            total += values.size();
            byName.put(e.getKey(), values);
        }
        if (total > MAX_FILTER_VALUES) {
            throw invalid("'filters.fields' has " + total + " values in all its lists; at most " + MAX_FILTER_VALUES);
        }
        for (String name : byName.keySet()) {
            if ("all".equals(name.toLowerCase(Locale.ROOT))) {
                throw invalid("'filters.fields' takes metric type names, and 'all' is not one here: to keep the same "
                        + "fields of every type, send them as a list (\"fields\": [...])");
            }
        }
        Map<MetricType, List<String>> byType = new LinkedHashMap<>();
        Map<MetricType, String> spelt = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        String twice = null;
        for (Map.Entry<String, List<String>> e : byName.entrySet()) {
            MetricType t = types.find(e.getKey()).orElse(null);
            if (t == null) {
                unknown.add(e.getKey());
            } else if (byType.containsKey(t)) {
                if (twice == null) {
                    twice = "'filters.fields' names metric type '" + t.name() + "' twice ('" + spelt.get(t)
                            + "' and '" + e.getKey() + "'); names are case-insensitive";
                }
            } else {
                byType.put(t, e.getValue());
                spelt.put(t, e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_METRIC_TYPE, "unknown metric type(s) " + unknown
                    + " in 'filters.fields'; valid types: " + String.join(", ", types.names()));
        }
        if (twice != null) {
            throw invalid(twice);
        }
        return byType;
    }

    private static List<String> filterList(JsonNode node, String what) throws ProtocolException {
        if (node.isArray() && node.size() > MAX_FILTER_VALUES) {
            throw invalid("'" + what + "' has " + node.size() + " values; at most " + MAX_FILTER_VALUES);
        }
        List<String> values = stringList(node, what);
        for (String v : values) {
            if (v.length() > MAX_FILTER_VALUE_LENGTH) {
                throw invalid("'" + what + "' values are at most " + MAX_FILTER_VALUE_LENGTH + " characters; one has "
                        + v.length());
            }
        }
        return values;
    }

    private ClientMessage setUpdateInterval(JsonNode root) throws ProtocolException {
        JsonNode value = root.get("interval_seconds");
        if (value == null || !value.isNumber()) {
            throw invalid("set_update_interval needs 'interval_seconds', a number: 0 or "
                    + MIN_INTERVAL_SECONDS + " to " + MAX_INTERVAL_SECONDS);
        }
        boolean latest = latestMode(root.get("mode"));
        double seconds = value.doubleValue();
        if (seconds == 0) {
            return new ClientMessage.SetUpdateInterval(0.0, latest); // -0.0 (or 1e-400) is 0, and says so
        }
        if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
            throw invalid("interval_seconds " + value.asText() + " is out of range: 0 (no throttle) or "
                    + MIN_INTERVAL_SECONDS + " to " + MAX_INTERVAL_SECONDS);
        }
        return new ClientMessage.SetUpdateInterval(seconds, latest);
    }

    private static ClientMessage setAggregation(JsonNode root) throws ProtocolException {
        JsonNode window = root.get("window_seconds");
        if (window == null || !window.isNumber()) {
            throw invalid("set_aggregation needs 'window_seconds', a number: 0 (off) or "
                    + AggregationSpec.MIN_WINDOW_SECONDS + " to " + AggregationSpec.MAX_WINDOW_SECONDS);
        }
        double seconds = window.doubleValue();
        if (seconds != 0 && !(seconds >= AggregationSpec.MIN_WINDOW_SECONDS
                && seconds <= AggregationSpec.MAX_WINDOW_SECONDS)) {
            throw invalid("window_seconds " + window.asText() + " is out of range: 0 (off) or "
                    + AggregationSpec.MIN_WINDOW_SECONDS + " to " + AggregationSpec.MAX_WINDOW_SECONDS);
        }
        AggregateFunction function = root.has("function") ? function(root.get("function"), "function")
                : AggregateFunction.AVG;
        Map<String, AggregateFunction> functions = new LinkedHashMap<>();
        JsonNode perField = root.get("functions");
        if (perField != null) {
            if (!perField.isObject()) {
                throw invalid("'functions' must be an object of field names to functions, e.g. {\"cpu\":\"max\"}");
            }
            if (perField.size() > MAX_FILTER_VALUES) {
                throw invalid("'functions' names " + perField.size() + " fields; at most " + MAX_FILTER_VALUES);
            }
            for (Map.Entry<String, JsonNode> e : perField.properties()) {
                if (e.getKey().isEmpty() || e.getKey().length() > MAX_FILTER_VALUE_LENGTH) {
                    throw invalid("field names in 'functions' are 1 to " + MAX_FILTER_VALUE_LENGTH + " characters");
                }
                functions.put(e.getKey(), function(e.getValue(), "functions." + e.getKey()));
            }
        }
        if (seconds == 0) {
            return new ClientMessage.SetAggregation(null);
        }
        return new ClientMessage.SetAggregation(new AggregationSpec(seconds, function, functions));
    }

    private static AggregateFunction function(JsonNode node, String what) throws ProtocolException {
        if (node != null && node.isTextual()) {
            var f = AggregateFunction.fromWire(node.textValue());
            if (f.isPresent()) {
                return f.get();
            }
        }
        throw invalid("'" + what + "' must be one of avg, min, max, sum, last; was " + node);
    }

    /** {@code mode}: absent or {@code "all"} (every metric), or {@code "latest"} (the newest of each key). */
    private static boolean latestMode(JsonNode mode) throws ProtocolException {
        if (mode == null || (mode.isTextual() && mode.textValue().equals("all"))) {
            return false;
        }
        if (mode.isTextual() && mode.textValue().equals("latest")) {
            return true;
        }
        throw invalid("'mode' must be \"all\" (every metric) or \"latest\" (the newest of each key); was " + mode);
    }

    /**
     * The query parameter of a WebSocket URL that carries the client's token (browsers cannot set an
     * {@code Authorization} header on a WebSocket): read by the transport's admission step, never by
     * {@link #connectQuery}.
     */
    public static final String TOKEN_QUERY = "token";

    /** The query parameters of a WebSocket URL that start a replay at connect. */
    public static final List<String> REPLAY_QUERY = List.of("since_seq", "epoch", "since_seconds");

    /**
     * What a WebSocket URL's query asks for at connect, as the messages a client would otherwise send first, in this
     * order: {@code subscribe} ({@code metric_types}), {@code set_filters} ({@code agent_ids}, {@code fields}) and
     * {@code replay} ({@code since_seq} with {@code epoch}, or {@code since_seconds}), each validated as that message
     * is. List values are comma-separated or the parameter repeated. Other parameters, {@link #TOKEN_QUERY} among
     * them, are not this parser's.
     *
     * @param query each parameter's values, decoded
     * @return the messages, none when the query asks for nothing
     */
    public List<ClientMessage> connectQuery(Map<String, List<String>> query) throws ProtocolException {
        List<ClientMessage> out = new ArrayList<>();
        if (query.containsKey("metric_types")) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.set("metric_types", listParameter(query.get("metric_types")));
            out.add(subscribe(root));
        }
        if (query.containsKey("agent_ids") || query.containsKey("fields")) {
            ObjectNode root = Json.mapper().createObjectNode();
            ObjectNode filters = root.putObject("filters");
            for (String name : FILTER_KEYS_IN_ORDER) {
                if (query.containsKey(name)) {
                    filters.set(name, listParameter(query.get(name)));
                }
            }
            out.add(setFilters(root));
        }
        ClientMessage replay = replayQuery(query);
        if (replay != null) {
            out.add(replay);
        }
        return out;
    }

    private static final List<String> FILTER_KEYS_IN_ORDER = List.of("agent_ids", "fields");

    /** A list parameter's values, each split at its commas, empty parts left out. */
    private static JsonNode listParameter(List<String> values) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isEmpty()) {
                    list.add(part);
                }
            }
        }
        return list;
    }

    /**
     * The replay a WebSocket URL's query asks for at connect ({@code ?since_seq=N&epoch=E} or
     * {@code ?since_seconds=S}), or null when it names none of {@link #REPLAY_QUERY}.
     */
    ClientMessage replayQuery(Map<String, List<String>> query) throws ProtocolException {
        ObjectNode root = Json.mapper().createObjectNode();
        for (String name : REPLAY_QUERY) {
            List<String> values = query.get(name);
            if (values == null) {
                continue;
            }
            if (values.size() != 1) {
                throw invalid("the URL names '" + name + "' " + values.size() + " times; give it once");
            }
            String value = values.get(0);
            if (name.equals("epoch")) {
                root.put(name, value);
            } else {
                root.set(name, number(value));
            }
        }
        return root.isEmpty() ? null : replay(root);
    }

    /** A query value as the JSON number it spells, or as text when it spells none (refused as not a number). */
    private static JsonNode number(String value) {
        try {
            return LongNode.valueOf(Long.parseLong(value));
        } catch (NumberFormatException notWhole) {
            try {
                double d = Double.parseDouble(value);
                if (Double.isFinite(d) && !value.isBlank() && !value.endsWith("d") && !value.endsWith("f")
                        && !value.endsWith("D") && !value.endsWith("F")) {
                    return DoubleNode.valueOf(d);
                }
            } catch (NumberFormatException notNumber) {
                // falls through: text
            }
            return TextNode.valueOf(value);
        }
    }

    private static ClientMessage replay(JsonNode root) throws ProtocolException {
        JsonNode seq = root.get("since_seq");
        JsonNode seconds = root.get("since_seconds");
        JsonNode epoch = root.get("epoch");
        if ((seq == null) == (seconds == null)) {
            throw invalid("replay takes either 'since_seq' (with 'epoch') or 'since_seconds', not "
                    + (seq == null ? "neither" : "both"));
        }
        if (seconds != null) {
            if (epoch != null) {
                throw invalid("replay by 'since_seconds' takes no 'epoch'");
            }
            if (!seconds.isNumber() || !(seconds.doubleValue() > 0) || seconds.doubleValue() > MAX_REPLAY_SECONDS) {
                throw invalid("'since_seconds' must be a number of seconds, more than 0 and at most "
                        + (long) MAX_REPLAY_SECONDS + "; was " + seconds);
            }
            return new ClientMessage.ReplaySinceSeconds(seconds.doubleValue());
        }
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            throw invalid("'since_seq' must be a whole number, 0 or more (the last seq the client has); was " + seq);
        }
        if (epoch == null || !epoch.isTextual() || epoch.textValue().isEmpty()
                || epoch.textValue().length() > MAX_EPOCH_LENGTH) {
            throw invalid("replay by 'since_seq' needs 'epoch', the string the seq belongs to (welcome's 'epoch')"
                    + (epoch == null ? "" : "; was " + abbreviate(epoch.toString())));
        }
        return new ClientMessage.ReplaySinceSeq(seq.longValue(), epoch.textValue());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * The JSON text of the top-level {@code id} of {@code text}, a message already read whole (so valid JSON, with
     * one {@code id}), exactly as the client wrote it: a number is echoed with its own digits, never rounded to a
     * double (which made {@code 1e999999999} "Infinity") or to a long; a string keeps its escapes.
     */
    private static String idText(String text) throws ProtocolException {
        try (JsonParser p = Json.mapper().createParser(text)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean id = "id".equals(p.currentName());
                p.nextToken();
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                p.finishToken();
                if (id) {
                    return text.substring(start, (int) p.currentLocation().getCharOffset());
                }
            }
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "message is not valid JSON: " + e.getMessage());
        }
        throw new IllegalStateException("a message with an id has an id");
    }

    private static List<String> stringList(JsonNode node, String what) throws ProtocolException {
        if (!node.isArray()) {
            throw invalid("'" + what + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode e : node) {
            if (!e.isTextual()) {
                throw invalid("'" + what + "' must be a list of strings; found " + e.getNodeType()
                        .name().toLowerCase(Locale.ROOT) + " " + e);
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static void onlyFields(JsonNode root, String type, String... allowed) throws ProtocolException {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equals("type") || key.equals("id") || List.of(allowed).contains(key)) {
                continue;
            }
            throw invalid("unknown field '" + key + "' in " + type
                    + (allowed.length == 0 ? "" : "; it takes " + String.join(", ", allowed)));
        }
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.INVALID_MESSAGE, message);
    }
}
