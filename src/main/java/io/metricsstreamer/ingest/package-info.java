/**
 * HTTP ingest semantics without Netty: {@link io.metricsstreamer.ingest.IngestParser} turns a
 * {@code POST /api/metrics} body into validated envelopes, and
 * {@link io.metricsstreamer.ingest.LineProtocolParser} an InfluxDB line protocol body (the write endpoints), each
 * all or nothing, or an {@link io.metricsstreamer.ingest.IngestException} naming the problem (for line protocol, its
 * line and column). {@link io.metricsstreamer.ingest.InfluxMapping} says which metric type a measurement becomes.
 *
 * <p>Threading: stateless; runs on whichever event loop received the request.
 */
package io.metricsstreamer.ingest;
