/**
 * A node's link to a cluster of nodes that share one Redis (SPEC section 12), over Lettuce: the only package that uses
 * it. {@link io.metricsstreamer.cluster.RedisClusterLink} implements the hub's {@code ClusterLink} port.
 *
 * <p>The data model ({@link io.metricsstreamer.cluster.ClusterKeys}): a counter of seqs, the cluster's epoch (set
 * once, by the first node), and one Redis Stream that holds every published metric under the entry id
 * {@code SEQ-0}. A node publishes a batch with one Lua script ({@link io.metricsstreamer.cluster.PublishScript}) that
 * takes the next seqs and appends the metrics atomically, so the stream's order is the seq order cluster-wide; every
 * node reads the stream from the last id it saw and hands what it reads, encoded, to its hub.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>Publishers (any thread) only offer to a bounded outbound buffer; one {@code cluster-publisher} thread drains
 *       it into script calls on Lettuce's asynchronous connection, a bounded number in flight.</li>
 *   <li>One {@code cluster-reader} thread, on a connection of its own, blocks in {@code XREAD} and decodes what it
 *       reads; it is the only caller of the hub's {@code receive}, so the hub takes seqs in order.</li>
 *   <li>Start ({@code connect}, {@code backfill}) and stop run on the thread that starts and stops the server.</li>
 * </ul>
 */
package io.metricsstreamer.cluster;
