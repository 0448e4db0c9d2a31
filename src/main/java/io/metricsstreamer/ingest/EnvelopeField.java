package io.metricsstreamer.ingest;

import com.fasterxml.jackson.core.JsonToken;

/**
 * One envelope field as {@link ValueReader} read it, to be judged by {@link IngestParser} once the whole envelope is
 * read: its first token, its text (a scalar's value, else the value as JSON), and for {@code data} its compact JSON
 * when it is an object or an array of objects (null when it is not).
 */
record EnvelopeField(JsonToken token, String text, byte[] json) {
}
