/**
 * The command line (picocli): {@code serve}, and the options every server command shares
 * ({@link io.metricsstreamer.cli.ServerOptions}). {@link io.metricsstreamer.cli.Console} is the only writer to
 * standard output; logs go to standard error.
 *
 * <p>Threading: commands run on the main thread; the server runs on its own threads.
 */
package io.metricsstreamer.cli;
