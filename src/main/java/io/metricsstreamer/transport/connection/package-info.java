/**
 * What the handlers of every connection are built on, whichever listener accepted it and whichever endpoint
 * (WebSocket or HTTP) it serves: the server they serve ({@link io.metricsstreamer.transport.connection.ServerContext},
 * with the transport's options in {@link io.metricsstreamer.transport.connection.TransportConfig}), the answers to
 * HTTP requests ({@link io.metricsstreamer.transport.connection.HttpResponses}), the deadline of each request before
 * the upgrade ({@link io.metricsstreamer.transport.connection.RequestDeadlineHandler}), and a WebSocket channel and its
 * event loop as the core's {@code Outbound} and {@code LoopScheduler} ports
 * ({@link io.metricsstreamer.transport.connection.TransportPorts}; deliveries are framed once per loop and shared by
 * every client that receives them), and how a failed connection ends
 * ({@link io.metricsstreamer.transport.connection.ConnectionErrors}: a client's doing counted and logged in one line,
 * the server's with a warning). It depends on neither endpoint nor on the listeners above it.
 *
 * <p>Threading: {@code ServerContext} and {@code TransportConfig} are immutable and every member is thread-safe; the
 * ports, the frame cache and the request deadline are used only on their channel's event loop.
 */
package io.metricsstreamer.transport.connection;
