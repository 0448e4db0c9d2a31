package io.metricsstreamer.subscription;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * {@link DataFilter} computed from a metric's JSON bytes instead of its tree. The data is read once as a token stream
 * into an {@link Index} (where each record, field and agent record is in the bytes, see {@link IndexReader}); each
 * view is then assembled from slices of the input ({@link ViewWriter}), so nothing is parsed into a tree and encoded
 * again, however many views a metric has. The result is the JSON of
 * {@code DataFilter.apply(tree(data), type, filters)}, with values as the publisher wrote them. Where it could decide
 * differently from the tree version (an {@code agent_id} that is not a string, which the tree version compares by its
 * text form) it answers {@link #USE_TREE}. Stateless and thread-safe; an index is immutable once made.
 */
public final class DataFilterBytes {
    /** The answer when the view must be computed from the tree ({@link DataFilter#apply}). */
    public static final byte[] USE_TREE = new byte[0];

    private static final JsonFactory FACTORY = Json.dataFactory();

    private DataFilterBytes() {
    }

    /**
     * The view of {@code data} under {@code filters}, whose fields (if any) are one list for every type:
     * {@code apply(index(data), filters)}.
     */
    public static byte[] apply(byte[] data, Filters filters) {
        return filters.isNone() ? data : apply(index(data), filters);
    }

    /** The view of {@code data}, a metric of {@code type}, under {@code filters}: {@code apply(index(data), ...)}. */
    public static byte[] apply(byte[] data, MetricType type, Filters filters) {
        return filters.passesWhole(type) ? data : apply(index(data), type, filters);
    }

    /**
     * Reads {@code data} (a JSON object or array in UTF-8) once for any number of views; null when it cannot (then
     * every view comes from the tree).
     */
    public static Index index(byte[] data) {
        return index(data, 0, data.length);
    }

    /**
     * Reads the {@code length} bytes of {@code data} from {@code offset} (a metric's data inside its encoded frame,
     * so that its bytes are held once) as {@link #index(byte[])} does; the index refers to the array, never modify it.
     */
    public static Index index(byte[] data, int offset, int length) {
        try (JsonParser p = FACTORY.createParser(data, offset, length)) {
            return IndexReader.read(p, data, offset, length);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The view of the indexed data under {@code filters}, whose fields (if any) are one list for every type, as JSON
     * bytes, null when nothing of it is delivered, or {@link #USE_TREE} (always for a null index).
     *
     * @throws IllegalArgumentException when the filters' fields are per type: then the view depends on the type
     */
    public static byte[] apply(Index index, Filters filters) {
        if (filters.hasFieldsByType()) {
            throw new IllegalArgumentException("fields per type need the metric's type: " + filters);
        }
        return apply(index, filters.agentIds(), filters.fields());
    }

    /**
     * The view of the indexed data, a metric of {@code type}, under {@code filters} as JSON bytes, null when nothing
     * of it is delivered, or {@link #USE_TREE} (always for a null index).
     */
    public static byte[] apply(Index index, MetricType type, Filters filters) {
        return apply(index, filters.agentIds(), filters.fieldsFor(type));
    }

    private static byte[] apply(Index index, Set<String> agentIds, Set<String> fields) {
        if (index == null) {
            return USE_TREE;
        }
        if (agentIds == null && fields == null) {
            return index.offset == 0 && index.length == index.data.length
                    ? index.data : Arrays.copyOfRange(index.data, index.offset, index.offset + index.length);
        }
        ViewBuffer out = new ViewBuffer(index.length);
        boolean delivered = index.elements != null
                ? ViewWriter.array(index, agentIds, fields, out)
                : ViewWriter.object(index, agentIds, fields, out);
        if (out.useTree) {
            return USE_TREE;
        }
        return delivered ? out.toByteArray() : null;
    }

    /**
     * A metric's data read once: its top-level records (or its one record) as offsets into its bytes. Made by
     * {@link IndexReader}; views are cut from it by {@link ViewWriter}.
     */
    public static final class Index {
        /** The array the data is in, from {@link #offset} for {@link #length} bytes; every offset counts from 0. */
        final byte[] data;
        final int offset;
        final int length;
        /** The elements of a top-level array, or null when the data is one record. */
        final IndexedRecord[] elements;
        /** The data's one record, or null when it is an array. */
        final IndexedRecord record;

        Index(byte[] data, int offset, int length, IndexedRecord[] elements, IndexedRecord record) {
            this.data = data;
            this.offset = offset;
            this.length = length;
            this.elements = elements;
            this.record = record;
        }
    }
}
