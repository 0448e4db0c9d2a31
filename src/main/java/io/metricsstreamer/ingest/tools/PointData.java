package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metricsstreamer.ingest.ToolPoint;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * One point's tags and fields, read back from the JSON the line protocol parser wrote for it: a flat object of
 * scalars, read with Jackson's streaming parser into parallel arrays (a point has a dozen keys or so; a lookup scans
 * them), with no tree of nodes. Confined to the thread that reads it.
 */
final class PointData {
    private static final int INITIAL_KEYS = 16;

    private String[] keys = new String[INITIAL_KEYS];
    /** A key's string value; null when the value is not a string. */
    private String[] texts = new String[INITIAL_KEYS];
    /** A key's number (a boolean as 1 or 0); NaN when the value is not a number nor a boolean. */
    private double[] numbers = new double[INITIAL_KEYS];
    private int size;

    private PointData() {
    }

    /** The data of {@code point}. */
    static PointData of(ToolPoint point) {
        PointData d = new PointData();
        try (JsonParser in = Json.mapper().getFactory().createParser(point.dataJson())) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String key = in.currentName();
                JsonToken value = in.nextToken();
                switch (value) {
                    case VALUE_STRING -> d.add(key, in.getText(), Double.NaN);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> d.add(key, null, in.getDoubleValue());
                    case VALUE_TRUE -> d.add(key, null, 1);
                    case VALUE_FALSE -> d.add(key, null, 0);
                    default -> {
                        in.skipChildren();
                        d.add(key, null, Double.NaN);
                    }
                }
            }
            return d;
        } catch (IOException e) {
            // The parser wrote this JSON: it cannot be malformed.
            throw new UncheckedIOException("a parsed point's data is not JSON", e);
        }
    }

    private void add(String key, String text, double number) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            texts = Arrays.copyOf(texts, size * 2);
            numbers = Arrays.copyOf(numbers, size * 2);
        }
        keys[size] = key;
        texts[size] = text;
        numbers[size] = number;
        size++;
    }

    /** The index of {@code key} (keys do not repeat: the shared mapper refuses duplicates); -1 when absent. */
    private int indexOf(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The tag or string field {@code key}, or {@code absent} when there is none or it is not a string. */
    String text(String key, String absent) {
        int i = indexOf(key);
        return i >= 0 && texts[i] != null ? texts[i] : absent;
    }

    /** The number (or boolean, as 1 or 0) {@code key}, or NaN when there is none. */
    double number(String key) {
        int i = indexOf(key);
        return i >= 0 ? numbers[i] : Double.NaN;
    }
}
