package io.metricsstreamer.cli;

import java.io.PrintStream;

/**
 * The only writer to standard output: the {@code listening ...} lines tools read to find ephemeral ports, and the
 * human-facing lines of commands. Logs go to standard error. Thread-safe (PrintStream is).
 */
public final class Console {
    private static final PrintStream OUT = System.out;

    private Console() {
    }

    /** Prints one line and flushes, so a reading process sees it at once. */
    public static void line(String text) {
        OUT.println(text);
        OUT.flush();
    }

    /** The contract's line for a bound listener: {@code listening websocket ws://HOST:PORT/}. */
    public static void listening(String kind, String url) {
        line("listening " + kind + " " + url);
    }
}
