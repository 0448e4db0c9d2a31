/**
 * The {@code run} command's {@code --report}: one self-contained HTML file with the run's verdict, figures, tables
 * and charts, which opens with no network at all. The chart library (uPlot, from its WebJar) and the page's own
 * script and style are inlined at write time; the data is embedded as JSON; a Content-Security-Policy allows only
 * the inlined scripts (by hash) and no fetch of any kind. Every string from the run (target, endpoint names,
 * criteria, unknown summary fields) is escaped into the HTML, or reaches the page only as JSON data read into text.
 *
 * <p>Threading: stateless; {@link io.metricsstreamer.report.RunReport#write} may be called from any thread.
 */
package io.metricsstreamer.report;
