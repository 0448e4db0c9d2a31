package io.metricsstreamer.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import java.util.ArrayList;
import java.util.List;

/** A record as the server serialises it: through the project's one mapper, as the publish path does. */
final class ModelJson {
    private ModelJson() {
    }

    /** The JSON tree of {@code value}; trees compare objects without regard to key order. */
    static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }

    /** The top-level keys of {@code value}'s JSON object. */
    static List<String> keys(Object value) {
        List<String> keys = new ArrayList<>();
        tree(value).fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
