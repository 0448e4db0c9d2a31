/**
 * The command line (picocli): {@code serve}, {@code demo} and {@code bench}, and the options every server command
 * shares ({@link io.metricsstreamer.cli.ServerOptions}). {@link io.metricsstreamer.cli.Console} is the only writer
 * to standard output; logs go to standard error.
 *
 * <p>Threading: commands run on the main thread; the server and the load tool run on their own threads.
 */
package io.metricsstreamer.cli;
