package io.metricsstreamer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricTypesTest {

    @Test
    void builtInsAreTheFiveContractTypesInFixedOrderWithDenseIndexes() {
        MetricTypes types = MetricTypes.builtIns();

        assertThat(types.names()).containsExactly("system", "agent", "business", "hero", "presentation");
        assertThat(types.size()).isEqualTo(5);
        for (int i = 0; i < types.size(); i++) {
            assertThat(types.all().get(i).index()).isEqualTo(i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"system", "SYSTEM", "System", "sYsTeM"})
    void shouldFindTypesCaseInsensitively(String name) {
        assertThat(MetricTypes.builtIns().find(name)).hasValueSatisfying(t -> {
            assertThat(t.name()).isEqualTo("system");
            assertThat(t.index()).isZero();
        });
    }

    @Test
    void shouldFindNothingForUnknownOrNullNames() {
        MetricTypes types = MetricTypes.builtIns();

        assertThat(types.find("cpu")).isEmpty();
        assertThat(types.find("all")).isEmpty();
        assertThat(types.find(null)).isEmpty();
    }

    @Test
    void requireOfAnUnknownNameListsTheValidTypes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MetricTypes.builtIns().require("cpu"))
                .withMessageContaining("'cpu'")
                .withMessageContaining("system, agent, business, hero, presentation");
    }

    @Test
    void registeredTypesFollowTheBuiltInsAndAreFoundCaseInsensitively() {
        MetricTypes types = MetricTypes.of(List.of("queue_stats", "gpu2"));

        assertThat(types.names()).containsExactly("system", "agent", "business", "hero", "presentation",
                "queue_stats", "gpu2");
        assertThat(types.require("QUEUE_STATS").index()).isEqualTo(5);
        assertThat(types.require("gpu2").index()).isEqualTo(6);
    }

    @Test
    void duplicateRegistrationsAreIgnored() {
        MetricTypes types = MetricTypes.of(List.of("extra", "system", "extra"));

        assertThat(types.names()).containsExactly("system", "agent", "business", "hero", "presentation", "extra");
        assertThat(types.require("extra").index()).isEqualTo(5);
    }

    @Test
    void aNameOfSixtyFourCharactersIsAccepted() {
        String longest = "a" + "b".repeat(63);

        assertThat(MetricTypes.of(List.of(longest)).find(longest)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "all", "Upper", "1abc", "_x", "with-dash", "with space", "dot.ted"})
    void shouldRejectInvalidRegisteredNames(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MetricTypes.of(List.of(name)))
                .withMessageContaining("'" + name + "'");
    }

    @Test
    void shouldRejectANameOfSixtyFiveCharacters() {
        assertThatIllegalArgumentException().isThrownBy(() -> MetricTypes.of(List.of("a".repeat(65))));
    }

    @Test
    void builtInsAreOneSharedImmutableRegistry() {
        MetricTypes types = MetricTypes.builtIns();

        assertThat(MetricTypes.builtIns()).isSameAs(types);
        assertThat(types.all()).isUnmodifiable();
    }
}
