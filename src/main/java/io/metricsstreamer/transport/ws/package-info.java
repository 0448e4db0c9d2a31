/**
 * The WebSocket endpoint: admission past {@code --max-clients}
 * ({@link io.metricsstreamer.transport.ws.AdmissionHandler}), and the session handler that turns frames into
 * protocol messages for the client's {@link io.metricsstreamer.delivery.ClientSession}, with heartbeats, idle
 * timeout and the close codes of the contract ({@link io.metricsstreamer.transport.ws.WebSocketSessionHandler}).
 *
 * <p>Threading: every handler runs on its channel's event loop.
 */
package io.metricsstreamer.transport.ws;
