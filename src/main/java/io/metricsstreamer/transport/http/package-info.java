/**
 * The HTTP API: {@code POST /api/metrics} (ingest, all or nothing), {@code GET /api/statistics},
 * {@code GET /healthz} and {@code GET /metrics} (Prometheus), and the bundled pages, routed by
 * {@link io.metricsstreamer.transport.http.HttpRouter}.
 *
 * <p>Threading: handlers run on their channel's event loop; they only read thread-safe server state and publish
 * through the hub, which never blocks.
 */
package io.metricsstreamer.transport.http;
