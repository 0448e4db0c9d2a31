/**
 * The network: the only package tree (with {@code bench}) that uses Netty. This package is its top:
 * {@link io.metricsstreamer.transport.NettyServer} binds the WebSocket and HTTP listeners (native epoll when
 * available, NIO otherwise) and {@code ServerInitializer} builds each connection's pipeline from the endpoints of
 * {@code transport.ws} (the handshake and the session handler) and {@code transport.http} (the API and the pages).
 * Both endpoints stand on {@code transport.connection} (the server's context and options, HTTP answers, and the
 * adapters of a channel and its event loop to the core's {@code Outbound} and {@code LoopScheduler} ports);
 * dependencies go only that way: top, then endpoints, then connection.
 *
 * <p>Threading: every handler runs on its channel's event loop; a client's session is created, driven and removed
 * there.
 */
package io.metricsstreamer.transport;
