/**
 * The abuse limits of a client, with no Netty: how many messages a client may send
 * ({@link io.metricsstreamer.limits.MessageRateLimiter}, one per client, confined to its event loop) and how many
 * WebSocket connections one address may hold ({@link io.metricsstreamer.limits.ConnectionsPerAddress}, one per server,
 * thread-safe). The transport asks them and answers the client; docs/SECURITY.md states the rules as a client sees
 * them.
 */
package io.metricsstreamer.limits;
