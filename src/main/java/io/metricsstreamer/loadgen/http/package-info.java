/**
 * The load generator's HTTP/1.1 client on Netty: one event loop, keep-alive connections pooled and reused, at most
 * one request on a connection at a time (no pipelining), the number in flight bounded. It knows nothing of
 * profiles, metrics or the server: {@link io.metricsstreamer.loadgen.http.HttpLoadClient} fires a request at the
 * moment it is told and reports each outcome to an {@link io.metricsstreamer.loadgen.http.Outcomes} on its loop
 * thread. It is the only part of the generator that may use Netty (ArchitectureTest), so the generator's logic
 * ({@code io.metricsstreamer.loadgen}) stays testable without a network.
 */
package io.metricsstreamer.loadgen.http;
