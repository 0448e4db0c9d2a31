/**
 * The wire vocabulary between clients and the server: client messages
 * ({@link io.metricsstreamer.protocol.ClientMessage}, parsed and validated by
 * {@link io.metricsstreamer.protocol.ClientMessageParser}), control replies
 * ({@link io.metricsstreamer.protocol.ServerMessages}) and the closed catalogue of error codes
 * ({@link io.metricsstreamer.protocol.ErrorCode}). JSON is read and written with the one Jackson set-up of
 * {@code io.metricsstreamer.json}.
 *
 * <p>Threading: stateless and immutable; safe from any thread. Bad input never escapes as anything but a
 * {@link io.metricsstreamer.protocol.ProtocolException} carrying an error code.
 */
package io.metricsstreamer.protocol;
