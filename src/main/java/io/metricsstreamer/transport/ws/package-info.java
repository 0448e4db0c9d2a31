/**
 * The WebSocket endpoint: admission past {@code --max-clients}
 * ({@link io.metricsstreamer.transport.ws.AdmissionHandler}), and the session handler that turns frames into
 * protocol messages for the client's {@link io.metricsstreamer.delivery.ClientSession}, with heartbeats, the close of
 * silent clients and the close codes of the contract ({@link io.metricsstreamer.transport.ws.WebSocketSessionHandler}).
 * Once a handshake completes, the handlers only an HTTP connection needs leave the pipeline.
 *
 * <p>Threading: every handler runs on its channel's event loop.
 */
package io.metricsstreamer.transport.ws;
