/**
 * The network: the only package (with {@code bench}) that uses Netty. {@link io.metricsstreamer.transport.NettyServer}
 * binds the WebSocket and HTTP listeners on one event-loop group (native epoll when available, NIO otherwise);
 * {@link io.metricsstreamer.transport.ChannelOutbound} and {@link io.metricsstreamer.transport.EventLoopScheduler}
 * adapt a channel and its event loop to the core's {@code Outbound} and {@code LoopScheduler} ports.
 *
 * <p>Threading: every handler runs on its channel's event loop; a client's session is created, driven and removed
 * there.
 */
package io.metricsstreamer.transport;
