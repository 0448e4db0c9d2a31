package io.metricsstreamer.ingest.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.ingest.ToolPoint;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PointDataTest {
    private static PointData of(String json) {
        return PointData.of(new ToolPoint("m", Instant.EPOCH, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsStringsNumbersAndBooleansAsTheSummariesAskForThem() {
        PointData d = of("{\"value\":12.5,\"count\":7,\"ok\":true,\"failed\":false,\"url\":\"http://x/\","
                + "\"name\":\"GET /a\",\"measurement\":\"http_reqs\"}");

        assertThat(d.number("value")).isEqualTo(12.5);
        assertThat(d.number("count")).isEqualTo(7);
        assertThat(d.number("ok")).isEqualTo(1);
        assertThat(d.number("failed")).isEqualTo(0);
        assertThat(d.text("name", "-")).isEqualTo("GET /a");
        assertThat(d.text("measurement", "-")).isEqualTo("http_reqs");
    }

    @Test
    void aMissingKeyOrAValueOfAnotherKindIsTheAbsentValue() {
        PointData d = of("{\"value\":1,\"tag\":\"x\",\"nothing\":null}");

        assertThat(d.number("nope")).isNaN();
        assertThat(d.number("tag")).as("a string is no number").isNaN();
        assertThat(d.number("nothing")).isNaN();
        assertThat(d.text("value", "absent")).as("a number is no string").isEqualTo("absent");
        assertThat(d.text("nope", "absent")).isEqualTo("absent");
    }

    @Test
    void manyKeysAndNestedValuesAreRead() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            json.append("\"f").append(i).append("\":").append(i).append(',');
        }
        json.append("\"nested\":{\"a\":[1,2]},\"last\":9}");

        PointData d = of(json.toString());

        assertThat(d.number("f39")).isEqualTo(39);
        assertThat(d.number("f0")).isZero();
        assertThat(d.number("nested")).isNaN();
        assertThat(d.number("last")).as("read past a nested value").isEqualTo(9);
    }

    @Test
    void dataThatIsNoObjectIsAnErrorOfTheParserNotOfTheClient() {
        assertThatThrownBy(() -> of("[1]")).isInstanceOf(UncheckedIOException.class);
    }
}
