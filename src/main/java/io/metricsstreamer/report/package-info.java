/** The HTML report of a {@code run}: one self-contained file with the run's charts. */
package io.metricsstreamer.report;
