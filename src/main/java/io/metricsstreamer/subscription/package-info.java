/**
 * What one client wants: its {@link io.metricsstreamer.subscription.Subscription} (a set of metric types with the
 * {@code all} semantics of the contract), its {@link io.metricsstreamer.subscription.Filters} ({@code agent_ids},
 * {@code fields}) and the pure function {@link io.metricsstreamer.subscription.DataFilter} that turns a metric's
 * {@code data} into the view the client receives.
 *
 * <p>Threading: all types are immutable values; a client replaces its own by assignment on its event loop, and
 * other threads may read the current one (for statistics) through a volatile reference.
 */
package io.metricsstreamer.subscription;
