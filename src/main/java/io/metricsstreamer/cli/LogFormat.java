package io.metricsstreamer.cli;

/** How the command line writes its log lines on stderr ({@code --log-format}). */
public enum LogFormat {
    /** One line per event: ISO-8601 date with offset, level, thread, logger, message. */
    TEXT,
    /** One JSON object per line (Logback's JsonEncoder), for log collectors. */
    JSON
}
