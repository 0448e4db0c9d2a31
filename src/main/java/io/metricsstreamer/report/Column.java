package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * One numeric field of a run's intervals, in interval order: NaN where an interval lacks it or holds something other
 * than a finite number. {@link #points} reduces it to at most one value per group of intervals for the page.
 */
final class Column {
    private final double[] values;

    private Column(double[] values) {
        this.values = values;
    }

    /** The field {@code name} of each node. */
    static Column of(List<? extends JsonNode> nodes, String name) {
        double[] v = new double[nodes.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(nodes.get(i).get(name));
        }
        return new Column(v);
    }

    /** A column of these values (NaN for missing). */
    static Column of(double[] values) {
        return new Column(values);
    }

    /** The node's finite number, or NaN. */
    static double number(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return Double.NaN;
        }
        double d = n.asDouble();
        return Double.isFinite(d) ? d : Double.NaN;
    }

    /** How many intervals it holds. */
    int size() {
        return values.length;
    }

    /** The value of interval {@code i} (NaN when missing). */
    double get(int i) {
        return values[i];
    }

    /** Whether any interval has a value. */
    boolean any() {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** The last value present, or NaN. */
    double last() {
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    /** The highest value present, or NaN. */
    double max() {
        double m = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) {
                m = v;
            }
        }
        return m;
    }

    /** The mean of the values present, or NaN. */
    double mean() {
        return reduce(0, values.length, false);
    }

    /** Significant digits a point of the page keeps: more than any chart or legend shows, and a smaller file. */
    static final int DIGITS = 6;

    /**
     * One JSON value per group of {@code perPoint} consecutive intervals (the last group may be shorter): the
     * group's highest value when {@code worst}, else its mean, to {@link #DIGITS} significant digits; null where
     * the group has no value.
     */
    ArrayNode points(int perPoint, boolean worst) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int from = 0; from < values.length; from += perPoint) {
            double v = reduce(from, Math.min(values.length, from + perPoint), worst);
            if (Double.isNaN(v)) {
                out.addNull();
            } else {
                out.add(significant(v));
            }
        }
        return out;
    }

    /** {@code v} to {@link #DIGITS} significant digits. */
    static double significant(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(v)));
        int decimals = DIGITS - 1 - magnitude;
        if (decimals <= 0) {
            return v == Math.rint(v) ? v : Math.rint(v);
        }
        if (decimals > 300) {
            return v;
        }
        double scale = Math.pow(10, decimals);
        double r = Math.rint(v * scale) / scale;
        return Double.isFinite(r) ? r : v;
    }

    private double reduce(int from, int to, boolean worst) {
        double sum = 0;
        double max = Double.NaN;
        int n = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
                max = Double.isNaN(max) || v > max ? v : max;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        return worst ? max : sum / n;
    }
}
