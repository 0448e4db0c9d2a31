/**
 * Recordings ({@code --record FILE}) and their playback ({@code serve --play FILE}): a gzip file of one JSON object
 * per line, a header and then each metric this server's publishers published, as they published it, with its time
 * since the recording started (docs/PROTOCOL.md, "Recordings").
 *
 * <p>Threads: {@link io.metricsstreamer.recording.RecordingWriter} is offered metrics by the hub (its dispatcher, or a
 * publisher's thread in a cluster) into a bounded queue and never blocks them; its own thread alone encodes, writes
 * and flushes the file. {@link io.metricsstreamer.recording.RecordingPlayer} runs on a thread of its own, reading the
 * file as it plays it and publishing through the server's ordinary publish path. Netty-free.
 */
package io.metricsstreamer.recording;
