/**
 * Per-client delivery, with no Netty: docs/DELIVERY.md follows one metric through it and defines its words.
 *
 * <p>Per client, a {@link io.metricsstreamer.delivery.ClientSession} (what the client asked for, and the routing of
 * each chunk to it) holds its {@link io.metricsstreamer.delivery.PendingDeliveries} (the bounded
 * {@link io.metricsstreamer.delivery.PendingQueue}, delivered by the rules of
 * {@link io.metricsstreamer.delivery.FlushPolicy} with a flush timer), its
 * {@link io.metricsstreamer.delivery.SessionCounters} and, once it first goes over the slow-client mark, its
 * {@link io.metricsstreamer.delivery.ParkedState} (while it skips chunks, a
 * {@link io.metricsstreamer.delivery.SkippedChunks}). It talks through two ports:
 * {@link io.metricsstreamer.delivery.Outbound} (the socket) and {@link io.metricsstreamer.delivery.LoopScheduler}
 * (its event loop's clock and timers).
 *
 * <p>Per loop, shared by its sessions, a {@link io.metricsstreamer.delivery.LoopDeliveryState}:
 * {@link io.metricsstreamer.delivery.FilteredViews} (each chunk's filtered encodings),
 * {@link io.metricsstreamer.delivery.ChunkOutcomes} (what a chunk did to a client in step, replayed by the others in
 * the same state), {@link io.metricsstreamer.delivery.ChunkLog} (the recent chunks, where a parked client catches
 * up) and {@link io.metricsstreamer.delivery.RecentBatchFrames} (batch frames shared by clients flushing the same
 * metrics).
 *
 * <p>Bytes: a {@link io.metricsstreamer.delivery.PublishedMetric} carries its
 * {@link io.metricsstreamer.delivery.EncodedMetric} (encoded once by the
 * {@link io.metricsstreamer.delivery.EnvelopeEncoder}); a delivery is a
 * {@link io.metricsstreamer.delivery.SlicedFrame} that the
 * {@link io.metricsstreamer.delivery.DeliveryFrameAssembler} joins from encoded envelopes without copying them.
 *
 * <p>Threading: a {@code ClientSession} and everything it holds are confined to the thread of its
 * {@code LoopScheduler} (its channel's event loop), and a {@code LoopDeliveryState} to its loop: every method that is
 * not documented otherwise must be called there, so nothing here locks. Other threads read a session only through
 * its {@code SessionCounters} and volatile fields. {@code EncodedMetric} and {@code PublishedMetric} are immutable
 * and shared by every loop; a {@code SlicedFrame} is immutable once written.
 */
package io.metricsstreamer.delivery;
