/**
 * Who may do what: JSON Web Tokens verified with a maintained library (Nimbus JOSE+JWT), never hand-written crypto.
 * {@link io.metricsstreamer.auth.AuthConfig} holds the options ({@code --auth-jwt-secret},
 * {@code --auth-jwt-public-key}, {@code --auth-clock-skew}, {@code --allowed-origins});
 * {@link io.metricsstreamer.auth.TokenVerifier} turns a token into a {@link io.metricsstreamer.auth.Principal} (its
 * subject, its ceilings on metric types and agents, whether it may publish or read the server's statistics, its
 * expiry) or refuses it with an {@link io.metricsstreamer.auth.InvalidTokenException} saying why;
 * {@link io.metricsstreamer.auth.AccessPolicy} is what the transport asks at each handshake and HTTP request;
 * {@link io.metricsstreamer.auth.TokenMinter} signs tokens for the {@code token} command. No Netty here: the HTTP
 * answers (401, 403) are the transport's.
 *
 * <p>Threading: every class is immutable and thread-safe once built; verifying a token touches no shared state.
 */
package io.metricsstreamer.auth;
