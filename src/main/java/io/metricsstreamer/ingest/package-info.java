/**
 * HTTP ingest semantics without Netty: {@link io.metricsstreamer.ingest.IngestParser} turns a
 * {@code POST /api/metrics} body into validated envelopes, all or nothing, or an
 * {@link io.metricsstreamer.ingest.IngestException} naming the problem.
 *
 * <p>Threading: stateless; runs on whichever event loop received the request.
 */
package io.metricsstreamer.ingest;
