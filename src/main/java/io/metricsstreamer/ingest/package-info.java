/**
 * HTTP ingest semantics without Netty: {@link io.metricsstreamer.ingest.IngestParser} turns a
 * {@code POST /api/metrics} body into validated envelopes, and
 * {@link io.metricsstreamer.ingest.LineProtocolParser} an InfluxDB line protocol body (the write endpoints), each
 * all or nothing, or an {@link io.metricsstreamer.ingest.IngestException} naming the problem (for line protocol, its
 * line and column). {@link io.metricsstreamer.ingest.InfluxMapping} (made from the options,
 * {@link io.metricsstreamer.ingest.InfluxConfig}) says which metric type a measurement becomes, and, through
 * {@link io.metricsstreamer.ingest.LoadToolRules}, which points go to a load tool's summary
 * ({@link io.metricsstreamer.ingest.ToolPoint}, in {@link io.metricsstreamer.ingest.InfluxWrite}).
 *
 * <p>Threading: stateless; runs on whichever event loop received the request.
 */
package io.metricsstreamer.ingest;
