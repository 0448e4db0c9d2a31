package io.metricsstreamer.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** SPEC §9: the arithmetic of one window, per key, per field and per agent. */
class WindowAggregatorTest {
    private static final MetricTypes TYPES = MetricTypes.builtIns();
    private static final MetricType SYSTEM = TYPES.require("system");
    private static final MetricType AGENT = TYPES.require("agent");

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** JSON text as the server writes it (compact), to compare numbers by how they are written. */
    private static String text(String json) {
        return json(json).toString();
    }

    private static AggregationSpec spec(AggregateFunction f, Map<String, AggregateFunction> functions) {
        return new AggregationSpec(1, f, functions);
    }

    @Test
    void numericFieldsAreAggregatedAndTheOthersComeFromTheNewestMetric() {
        WindowAggregator w = new WindowAggregator(spec(AggregateFunction.AVG,
                Map.of("peak", AggregateFunction.MAX, "total", AggregateFunction.SUM)));
        w.add(SYSTEM, 11, json("{\"tps\":100,\"peak\":7,\"total\":3,\"state\":\"warm\",\"ratio\":0.5}"));
        w.add(SYSTEM, 12, json("{\"tps\":200,\"peak\":9,\"total\":4,\"state\":\"hot\",\"ratio\":1.5}"));
        w.add(SYSTEM, 15, json("{\"tps\":600,\"peak\":8,\"total\":5,\"state\":\"hot!\",\"ratio\":\"n/a\"}"));

        List<AggregateResult> results = w.drain();

        assertThat(results).hasSize(1);
        AggregateResult r = results.get(0);
        assertThat(r.data().toString()).isEqualTo(text("{\"tps\":300.0,\"peak\":9,\"total\":12,\"state\":\"hot!\","
                + "\"ratio\":\"n/a\"}"));
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.fromSeq()).isEqualTo(11);
        assertThat(r.toSeq()).isEqualTo(15);
        assertThat(w.isEmpty()).as("drained").isTrue();
    }

    @Test
    void eachFunctionGivesWhatItNamesKeepingWholeNumbersWhole() {
        Map<AggregateFunction, String> expected = Map.of(AggregateFunction.AVG, "{\"v\":2.5,\"d\":0.25}",
                AggregateFunction.MIN, "{\"v\":1,\"d\":-0.5}", AggregateFunction.MAX, "{\"v\":4,\"d\":1.0}",
                AggregateFunction.SUM, "{\"v\":10,\"d\":1.0}", AggregateFunction.LAST, "{\"v\":1,\"d\":0.5}");
        for (Map.Entry<AggregateFunction, String> e : expected.entrySet()) {
            WindowAggregator w = new WindowAggregator(spec(e.getKey(), Map.of()));
            w.add(SYSTEM, 1, json("{\"v\":2,\"d\":1.0}"));
            w.add(SYSTEM, 2, json("{\"v\":3,\"d\":-0.5}"));
            w.add(SYSTEM, 3, json("{\"v\":4,\"d\":0.0}"));
            w.add(SYSTEM, 4, json("{\"v\":1,\"d\":0.5}"));

            assertThat(w.drain().get(0).data().toString()).as(e.getKey().wire()).isEqualTo(text(e.getValue()));
        }
    }

    @Test
    void agentScopedObjectsAreOneKeyPerAgentInTheOrderTheyFirstCame() {
        WindowAggregator w = new WindowAggregator(spec(AggregateFunction.MAX, Map.of()));
        w.add(AGENT, 1, json("{\"agent_id\":\"b\",\"load\":1}"));
        w.add(SYSTEM, 2, json("{\"tps\":5}"));
        w.add(AGENT, 3, json("{\"agent_id\":\"a\",\"load\":7}"));
        w.add(AGENT, 4, json("{\"agent_id\":\"b\",\"load\":3}"));

        List<AggregateResult> results = w.drain();

        assertThat(results).extracting(r -> r.data().toString()).containsExactly("{\"agent_id\":\"b\",\"load\":3}",
                "{\"tps\":5}", "{\"agent_id\":\"a\",\"load\":7}");
        assertThat(results).extracting(AggregateResult::count).containsExactly(2L, 1L, 1L);
        assertThat(results).extracting(AggregateResult::toSeq).containsExactly(4L, 2L, 3L);
    }

    @Test
    void anArrayOfAgentRecordsIsAggregatedPerAgentRecordsWithoutOneTogether() {
        WindowAggregator w = new WindowAggregator(spec(AggregateFunction.AVG, Map.of("errors", AggregateFunction.SUM)));
        w.add(AGENT, 1, json("[{\"agent_id\":\"a1\",\"cpu\":10,\"errors\":1},{\"agent_id\":\"a2\",\"cpu\":30},"
                + "{\"cpu\":5},7]"));
        w.add(AGENT, 2, json("[{\"agent_id\":\"a2\",\"cpu\":50,\"status\":\"busy\"},{\"agent_id\":\"a1\",\"cpu\":20,"
                + "\"errors\":2},{\"cpu\":15}]"));

        AggregateResult r = w.drain().get(0);

        assertThat(r.data().toString()).isEqualTo(text("[{\"agent_id\":\"a1\",\"cpu\":15.0,\"errors\":3},"
                + "{\"agent_id\":\"a2\",\"cpu\":40.0,\"status\":\"busy\"},{\"cpu\":10.0}]"));
        assertThat(r.count()).isEqualTo(2);
    }

    @Test
    void dataThatIsNeitherObjectNorArrayIsTheNewestAndAChangeOfShapeStartsOver() {
        WindowAggregator w = new WindowAggregator(spec(AggregateFunction.SUM, Map.of()));
        w.add(SYSTEM, 1, json("{\"v\":1}"));
        w.add(SYSTEM, 2, json("42"));
        w.add(SYSTEM, 3, json("43"));

        AggregateResult r = w.drain().get(0);
        assertThat(r.data().toString()).isEqualTo(text("43"));
        assertThat(r.count()).isEqualTo(3);
    }

    @Test
    void aSumPastTheLongRangeBecomesFloatingPoint() {
        WindowAggregator w = new WindowAggregator(spec(AggregateFunction.SUM, Map.of()));
        w.add(SYSTEM, 1, json("{\"v\":9223372036854775807}"));
        w.add(SYSTEM, 2, json("{\"v\":1}"));

        assertThat(w.drain().get(0).data().get("v").isDouble()).isTrue();
    }

    /** Any window of whole and fractional values: each function agrees with the arithmetic done here. */
    @Property(tries = 300)
    void everyFunctionAgreesWithTheArithmeticDoneHere(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -1_000_000, max = 1_000_000) Integer> values,
            @ForAll boolean fractional) {
        for (AggregateFunction f : AggregateFunction.values()) {
            WindowAggregator w = new WindowAggregator(spec(f, Map.of()));
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double last = 0;
            for (int i = 0; i < values.size(); i++) {
                double v = fractional ? values.get(i) / 8.0 : values.get(i);
                w.add(SYSTEM, i + 1, json("{\"v\":" + (fractional ? Double.toString(v) : values.get(i)) + "}"));
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                last = v;
            }
            double expected = switch (f) {
                case AVG -> sum / values.size();
                case MIN -> min;
                case MAX -> max;
                case SUM -> sum;
                case LAST -> last;
            };
            JsonNode got = w.drain().get(0).data().get("v");
            assertThat(got.doubleValue()).as(f.wire()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(got.isIntegralNumber()).as(f.wire() + " keeps whole numbers whole")
                    .isEqualTo(!fractional && f != AggregateFunction.AVG);
        }
    }
}
