/**
 * Per-client delivery: the {@link io.metricsstreamer.delivery.ClientSession} state machine (subscription, filters,
 * update interval, bounded {@link io.metricsstreamer.delivery.PendingQueue}, flush timing by
 * {@link io.metricsstreamer.delivery.FlushPolicy}, slow-consumer handling), the encode-once envelope bytes
 * ({@link io.metricsstreamer.delivery.EncodedMetric}) and the ports a session talks through:
 * {@link io.metricsstreamer.delivery.Outbound} (the socket) and {@link io.metricsstreamer.delivery.LoopScheduler}
 * (its event loop's clock and timers).
 *
 * <p>Per loop, shared by its sessions: {@link io.metricsstreamer.delivery.FilteredViews} (each chunk's filtered
 * encodings), {@link io.metricsstreamer.delivery.ChunkOutcomes} (what a chunk did to a client in step, replayed by
 * the others in the same state) and {@link io.metricsstreamer.delivery.ChunkLog} (the recent chunks, where a parked
 * client catches up after skipping them). A parked client holds what it skipped in a
 * {@link io.metricsstreamer.delivery.SkippedChunks} while it skips.
 *
 * <p>Threading: a {@code ClientSession} is confined to the thread of its {@code LoopScheduler} (its channel's event
 * loop): every method that is not documented otherwise must be called there, so nothing here locks. Other threads
 * read a session only through its volatile statistics fields. {@code EncodedMetric} and {@code PublishedMetric}
 * are immutable and shared by every loop.
 */
package io.metricsstreamer.delivery;
