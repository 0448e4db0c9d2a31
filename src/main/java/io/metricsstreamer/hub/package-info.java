/**
 * Fan-out: the {@link io.metricsstreamer.hub.Hub} takes published metrics from any thread into a bounded lock-free
 * ingress queue; one dispatcher thread, the single writer of {@code seq} (through a
 * {@link io.metricsstreamer.hub.Sequencer}), stamps and encodes each metric once and posts one task per event loop
 * to that loop's {@link io.metricsstreamer.hub.LoopShard}, which offers the metric to the sessions pinned to it.
 * {@link io.metricsstreamer.hub.ClientRegistry} holds ids, admission and lookups.
 *
 * <h2>Threading rules (the one page)</h2>
 * <ol>
 *   <li>Publishers (any thread) only validate, build an immutable envelope and offer it; a full queue, or a
 *       fan-out more than the maximum lag behind, refuses and counts ({@link io.metricsstreamer.hub.Admission}); it
 *       never blocks.</li>
 *   <li>The dispatcher thread alone assigns {@code seq}; it hands each loop the same immutable
 *       {@code PublishedMetric}s in {@code seq} order, so every client sees {@code seq} strictly increasing
 *       (one producer, FIFO task queues per loop).</li>
 *   <li>In a cluster ({@link io.metricsstreamer.hub.ClusterLink}) publishers offer to the link instead, and the
 *       cluster assigns {@code seq}: one reader thread hands the hub what the cluster sequenced, encoded, in
 *       {@code seq} order ({@code Hub.receive}), and the dispatcher keeps each in the history and posts it as above,
 *       skipping a seq it has and marking the ones it never got as missing.</li>
 *   <li>A recording ({@link io.metricsstreamer.hub.PublishRecorder}) is handed each accepted batch by the dispatcher
 *       before it stamps it (a server alone: seq order), or by the publisher's thread once the cluster link took it
 *       (a node: its own publishes only); the recorder only enqueues, bounded, and never blocks either.</li>
 *   <li>A session lives on its channel's event loop: it is registered, offered metrics, flushed and removed there
 *       only. A removed session never receives another frame.</li>
 *   <li>Other threads read sessions only through single-writer counters (release stores, acquire loads) and immutable
 *       snapshots;
 *       {@code ClientRegistry} keeps a concurrent map for {@code getClientCount()} and
 *       {@code isClientConnected()}.</li>
 *   <li>Shutdown: stop accepting, let the dispatcher drain the ingress queue, flush every session on its loop,
 *       then close every connection with 1001.</li>
 * </ol>
 */
package io.metricsstreamer.hub;
