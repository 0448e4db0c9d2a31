/**
 * What one client wants: its {@link io.metricsstreamer.subscription.Subscription} (a set of metric types with the
 * {@code all} semantics of the contract), its {@link io.metricsstreamer.subscription.Filters} ({@code agent_ids},
 * {@code fields} for every type or per metric type) and the pure function
 * {@link io.metricsstreamer.subscription.DataFilter} that turns a metric's {@code data} (and type) into the view the
 * client receives. The fan-out computes that view from the data's bytes with
 * {@link io.metricsstreamer.subscription.DataFilterBytes} (the same function on a token stream, no tree), which
 * hands back to {@code DataFilter} in the one case where they could differ.
 *
 * <p>Threading: all types are immutable values; a client replaces its own by assignment on its event loop, and
 * other threads may read the current one (for statistics) through a volatile reference.
 */
package io.metricsstreamer.subscription;
