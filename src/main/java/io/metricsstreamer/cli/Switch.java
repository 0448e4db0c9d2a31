package io.metricsstreamer.cli;

/** An option that turns a feature on or off ({@code --compression on}). */
public enum Switch {
    /** The feature is on. */
    ON,
    /** The feature is off. */
    OFF
}
