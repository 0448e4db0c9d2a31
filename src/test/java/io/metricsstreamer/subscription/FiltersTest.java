package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filters: set semantics for views, each value once in request order for the echo. */
class FiltersTest {
    @Test
    void echoesEachValueOnceInTheOrderFirstSent() {
        Filters f = Filters.of(List.of("b", "a", "b", "c"), List.of("z", "y", "z"));
        assertThat(f.toWire()).isEqualTo(Map.of("agent_ids", List.of("b", "a", "c"), "fields", List.of("z", "y")));
        assertThat(f.toWire().keySet()).containsExactly("agent_ids", "fields");
    }

    @Test
    void orderAndDuplicatesDoNotMakeAnotherView() {
        Filters one = Filters.of(List.of("a1", "a2"), List.of("load"));
        Filters two = Filters.of(List.of("a2", "a1", "a1"), List.of("load", "load"));
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(Filters.of(List.of("a1"), List.of("load")));
        assertThat(one).isNotEqualTo(Filters.of(List.of("a1", "a2"), null));
    }

    @Test
    void looksUpEveryValueAndOnlyThose() {
        Filters f = Filters.of(List.of("a1", "a2"), null);
        assertThat(f.agentIds()).contains("a1", "a2").doesNotContain("a3");
        assertThat(f.fields()).isNull();
        assertThat(Filters.of(List.of(), null).agentIds()).isEmpty();
        assertThat(Filters.of(null, null)).isSameAs(Filters.NONE);
        assertThat(Filters.NONE.toWire()).isEmpty();
    }
}
