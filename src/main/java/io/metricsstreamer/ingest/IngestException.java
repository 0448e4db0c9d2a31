package io.metricsstreamer.ingest;

/** A refused ingest body: answered 400 with {@code {"error": message}}; nothing of the request is published. */
public final class IngestException extends Exception {
    /** A refusal naming the problem. */
    public IngestException(String message) {
        super(message, null, false, false);
    }
}
