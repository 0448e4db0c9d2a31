package io.metricsstreamer.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * The one Jackson set-up of the server, and the only class that makes or configures a Jackson mapper or factory
 * ({@code ArchitectureTest} checks it): snake_case property names, {@link Instant} in the wire form of
 * {@link Timestamps}, strict parsing (duplicate keys and trailing tokens are errors, nesting is bounded).
 * {@code ObjectMapper} and {@code JsonFactory} are thread-safe once configured, so one instance of each serves every
 * thread.
 */
public final class Json {
    /** Deepest JSON nesting accepted from clients and publishers. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = build();
    private static final JsonFactory DATA_FACTORY = new JsonFactory();

    private Json() {
    }

    /** The shared mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A factory with Jackson's defaults, for reading metric data the server already holds as bytes on the fan-out's
     * hot path: that data was checked when it was published, or written by {@link #mapper()} from a tree, so its
     * parsers skip the duplicate-key check and keep Jackson's default nesting bound instead of
     * {@link #MAX_NESTING_DEPTH}. Not for anything a client or publisher sends. Do not reconfigure it.
     */
    public static JsonFactory dataFactory() {
        return DATA_FACTORY;
    }

    private static ObjectMapper build() {
        SimpleModule time = new SimpleModule("metrics-streamer-time");
        time.addSerializer(Instant.class, new InstantSerializer());
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(time)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        return mapper;
    }

    private static final class InstantSerializer extends StdSerializer<Instant> {
        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Timestamps.format(value));
        }
    }
}
