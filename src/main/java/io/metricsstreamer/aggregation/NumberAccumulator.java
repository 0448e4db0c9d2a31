package io.metricsstreamer.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;

/**
 * One numeric field's values in one window: enough to answer every {@link AggregateFunction}. Min, max and last keep
 * the value as it was sent (so a whole number stays whole); the sum stays whole while every value is whole and it
 * does not overflow. Confined to its aggregator's thread.
 */
final class NumberAccumulator {
    private long count;
    private double sum;
    private long wholeSum;
    private boolean whole = true;
    private JsonNode min;
    private JsonNode max;
    private JsonNode last;

    /** Adds one value (a JSON number). */
    void add(JsonNode value) {
        double v = value.doubleValue();
        count++;
        sum += v;
        if (whole && value.isIntegralNumber() && value.canConvertToLong()) {
            try {
                wholeSum = Math.addExact(wholeSum, value.longValue());
            } catch (ArithmeticException overflow) {
                whole = false;
            }
        } else {
            whole = false;
        }
        if (min == null || v < min.doubleValue()) {
            min = value;
        }
        if (max == null || v > max.doubleValue()) {
            max = value;
        }
        last = value;
    }

    /** Whether a value was added. */
    boolean isEmpty() {
        return count == 0;
    }

    /** The values under {@code f}. */
    JsonNode result(AggregateFunction f) {
        return switch (f) {
            case AVG -> DoubleNode.valueOf(sum / count);
            case MIN -> min;
            case MAX -> max;
            case SUM -> whole ? LongNode.valueOf(wholeSum) : DoubleNode.valueOf(sum);
            case LAST -> last;
        };
    }
}
