/**
 * The WebSocket endpoint: the admission step and the handshake, with the refusal past {@code --max-clients}
 * ({@link io.metricsstreamer.transport.ws.AdmissionHandler}), and the session handler that turns frames into
 * protocol messages for the client's {@link io.metricsstreamer.delivery.ClientSession}, with heartbeats, the close of
 * silent clients, control frames and the close codes of the contract
 * ({@link io.metricsstreamer.transport.ws.WebSocketSessionHandler}). Once a handshake completes, an upgraded
 * connection's pipeline holds only the frame codec and the session handler: every handler left there costs each of
 * thousands of idle connections memory.
 *
 * <p>Threading: every handler runs on its channel's event loop.
 */
package io.metricsstreamer.transport.ws;
