package io.metricsstreamer.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
    private static final MetricTypes BUILT_INS = MetricTypes.builtIns();
    /** More than 64 types, so the bit set spans several words. */
    private static final MetricTypes MANY = MetricTypes.of(IntStream.range(0, 70).mapToObj(i -> "extra_" + i).toList());

    private static List<MetricType> named(String... names) {
        List<MetricType> out = new ArrayList<>();
        for (String n : names) {
            out.add(BUILT_INS.require(n));
        }
        return out;
    }

    @Test
    void aNewClientHasEveryTypeImplicitly() {
        Subscription s = Subscription.initial(BUILT_INS);

        assertThat(s.isImplicitDefault()).isTrue();
        assertThat(s.includesAll()).isTrue();
        assertThat(BUILT_INS.all()).allMatch(s::includes);
        assertThat(s.wireNames(BUILT_INS)).containsExactly("all");
    }

    @Test
    void theFirstSubscribeReplacesTheImplicitAll() {
        Subscription s = Subscription.initial(BUILT_INS).subscribe(false, named("system"));

        assertThat(s.isImplicitDefault()).isFalse();
        assertThat(s.includes(BUILT_INS.require("system"))).isTrue();
        assertThat(s.includes(BUILT_INS.require("agent"))).isFalse();
        assertThat(s.wireNames(BUILT_INS)).containsExactly("system");
    }

    @Test
    void laterSubscribesAddToTheSet() {
        Subscription s = Subscription.initial(BUILT_INS)
                .subscribe(false, named("system"))
                .subscribe(false, named("hero", "agent"));

        assertThat(s.wireNames(BUILT_INS)).containsExactly("agent", "hero", "system");
    }

    @Test
    void subscribingEveryTypeOneByOneReadsAsAll() {
        Subscription s = Subscription.initial(BUILT_INS)
                .subscribe(false, named("system", "agent"))
                .subscribe(false, named("business", "hero", "presentation"));

        assertThat(s.includesAll()).isTrue();
        assertThat(s.wireNames(BUILT_INS)).containsExactly("all");
    }

    @Test
    void subscribeAllAfterAnExplicitSetIncludesEverything() {
        Subscription s = Subscription.initial(BUILT_INS).subscribe(false, named("system")).subscribe(true, List.of());

        assertThat(s.wireNames(BUILT_INS)).containsExactly("all");
        assertThat(s.isImplicitDefault()).isFalse();
    }

    @Test
    void unsubscribingOneTypeFromAllLeavesEveryOtherType() {
        Subscription s = Subscription.initial(BUILT_INS).unsubscribe(false, named("agent"));

        assertThat(s.isImplicitDefault()).isFalse();
        assertThat(s.wireNames(BUILT_INS)).containsExactly("business", "hero", "presentation", "system");
    }

    @Test
    void unsubscribingAllLeavesNothing() {
        Subscription s = Subscription.initial(BUILT_INS).unsubscribe(true, List.of());

        assertThat(s.wireNames(BUILT_INS)).isEmpty();
        assertThat(BUILT_INS.all()).noneMatch(s::includes);
    }

    @Test
    void subscribingAfterUnsubscribingAllAddsOnlyTheNamedTypes() {
        Subscription s = Subscription.initial(BUILT_INS).unsubscribe(true, List.of()).subscribe(false, named("hero"));

        assertThat(s.wireNames(BUILT_INS)).containsExactly("hero");
    }

    @Test
    void subscriptionsAreImmutableValues() {
        Subscription initial = Subscription.initial(BUILT_INS);
        Subscription changed = initial.subscribe(false, named("hero"));

        assertThat(initial.includesAll()).isTrue();
        assertThat(changed).isNotEqualTo(initial);
        assertThat(Subscription.initial(BUILT_INS).subscribe(false, named("hero"))).isEqualTo(changed)
                .hasSameHashCodeAs(changed);
    }

    @Test
    void typesBeyondTheSixtyFourthAreTrackedToo() {
        MetricType last = MANY.require("extra_69");
        Subscription s = Subscription.initial(MANY).subscribe(false, List.of(last));

        assertThat(s.includes(last)).isTrue();
        assertThat(s.includes(MANY.require("extra_5"))).isFalse();
        assertThat(s.wireNames(MANY)).containsExactly("extra_69");
    }

    /** One subscribe or unsubscribe message. */
    record Op(boolean subscribe, boolean all, List<MetricType> types) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<List<MetricType>> types = Arbitraries.of(MANY.all()).list().ofMaxSize(5);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 9).map(i -> i == 0), types).as(Op::new);
        return op.list().ofMaxSize(12);
    }

    @Property
    void behavesLikeASetOfNamesWithAnImplicitAll(@ForAll("ops") List<Op> ops) {
        Set<String> model = new TreeSet<>(MANY.names());
        boolean implicit = true;
        Subscription s = Subscription.initial(MANY);
        for (Op op : ops) {
            if (op.subscribe()) {
                s = s.subscribe(op.all(), op.types());
                if (implicit) {
                    model.clear();
                }
                if (op.all()) {
                    model.addAll(MANY.names());
                }
                op.types().forEach(t -> model.add(t.name()));
            } else {
                s = s.unsubscribe(op.all(), op.types());
                if (op.all()) {
                    model.clear();
                }
                op.types().forEach(t -> model.remove(t.name()));
            }
            implicit = false;
        }

        for (MetricType t : MANY.all()) {
            assertThat(s.includes(t)).as(t.name()).isEqualTo(model.contains(t.name()));
        }
        assertThat(s.isImplicitDefault()).isEqualTo(ops.isEmpty());
        List<String> expected = model.size() == MANY.size() ? List.of("all") : List.copyOf(model);
        assertThat(s.wireNames(MANY)).isEqualTo(expected);
    }

    @Test
    void withinACeilingKeepsOnlyTheTypesItAllowsAndListsThemByName() {
        MetricTypes types = MetricTypes.builtIns();
        Subscription ceiling = Subscription.only(types, List.of(types.require("system"), types.require("agent")));

        Subscription implicitAll = Subscription.initial(types).within(ceiling);
        Subscription asked = Subscription.initial(types).subscribe(false, List.of(types.require("system"),
                types.require("hero"))).within(ceiling);

        assertThat(implicitAll.wireNames(types)).containsExactly("agent", "system");
        assertThat(implicitAll.includesAll()).isFalse();
        assertThat(implicitAll.isImplicitDefault()).isTrue();
        assertThat(asked.wireNames(types)).containsExactly("system");
        assertThat(Subscription.initial(types).within(Subscription.only(types, types.all())))
                .isEqualTo(Subscription.initial(types));
    }
}
