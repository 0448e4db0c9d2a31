package io.metricsstreamer.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as the report shows them; NaN (a missing figure) is an em dash everywhere. */
final class Format {
    /** What a missing figure shows. */
    static final String MISSING = "\u2014";

    private Format() {
    }

    /** A plain number: integers with thousands separators, others to four significant digits (at least). */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return MISSING;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Milliseconds: two decimals under 10 ms, one under 1 s, none above. */
    static String ms(double v) {
        if (Double.isNaN(v)) {
            return MISSING;
        }
        String f = v < 10 ? "%.2f ms" : v < 1000 ? "%.1f ms" : "%,.0f ms";
        return String.format(Locale.ROOT, f, v);
    }

    /** A fraction (0.01) as a percentage (1.00%). */
    static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return MISSING;
        }
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    /** Requests per second. */
    static String tps(double v) {
        return Double.isNaN(v) ? MISSING : String.format(Locale.ROOT, "%,.1f/s", v);
    }

    /** Megabits per second. */
    static String mbps(double v) {
        return Double.isNaN(v) ? MISSING : String.format(Locale.ROOT, "%,.2f Mbit/s", v);
    }

    /** Seconds. */
    static String seconds(double v) {
        return Double.isNaN(v) ? MISSING : number(v) + " s";
    }

    /**
     * A figure named {@code name} in the report's vocabulary: rates and utilisations as percentages, {@code _ms}
     * as milliseconds, {@code _tps} as a rate, {@code _seconds} as seconds, anything else as a plain number.
     */
    static String named(String name, double v) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith("_ms")) {
            return ms(v);
        }
        if (n.endsWith("_tps")) {
            return tps(v);
        }
        if (n.endsWith("_seconds")) {
            return seconds(v);
        }
        if (n.endsWith("_mbps")) {
            return mbps(v);
        }
        if ((n.endsWith("_rate") || n.endsWith("utilization")) && Math.abs(v) <= 1) {
            return percent(v);
        }
        return number(v);
    }
}
