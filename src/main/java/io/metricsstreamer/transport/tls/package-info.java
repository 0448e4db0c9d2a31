/**
 * TLS on both listeners ({@code --tls-cert}/{@code --tls-key}, {@code --tls-self-signed}): the certificate and key read
 * from PEM files ({@link io.metricsstreamer.transport.tls.PemFiles}, BouncyCastle for the forms the JDK cannot read) or
 * made at start ({@link io.metricsstreamer.transport.tls.ThrowawayCertificate}), checked to belong together
 * ({@link io.metricsstreamer.transport.tls.TlsMaterial}), and the handlers first in each connection's pipeline
 * ({@link io.metricsstreamer.transport.tls.ServerTls}): a refusal of plaintext, Netty's {@code SslHandler} (OpenSSL's
 * engine or the JDK's, {@link io.metricsstreamer.transport.tls.EngineChoice}; TLS 1.3 and 1.2), and a guard that counts
 * failed handshakes and keeps TLS errors out of the warnings. Everything after them sees plaintext HTTP and WebSocket
 * frames, as without TLS.
 *
 * <p>Threading: the material is loaded once, at start, on the starting thread; {@code ServerTls} is immutable and
 * shared by both listeners; the handlers run on their channel's event loop.
 */
package io.metricsstreamer.transport.tls;
