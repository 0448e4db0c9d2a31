package io.metricsstreamer.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class IntervalTimelineTest {
    private static ObjectNode interval(int i) {
        return JsonNodeFactory.instance.objectNode().put("i", i);
    }

    @Test
    void keepsEveryIntervalUpToItsCapacityThenThinsEvenlyKeepingTheStart() {
        IntervalTimeline t = new IntervalTimeline(8);
        for (int i = 0; i < 8; i++) {
            t.add(interval(i));
        }
        assertThat(t.snapshot()).extracting(n -> n.get("i").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 8; i < 20; i++) {
            t.add(interval(i));
        }
        // full at 8: halved to 0 2 4 6, then every second one: 8 10 12 14; full again: halved to 0 4 8 12, then 16
        assertThat(t.snapshot()).extracting(n -> n.get("i").asInt()).containsExactly(0, 4, 8, 12, 16);
        assertThat(IntervalTimeline.CAPACITY).isEqualTo(20_000);
    }
}
