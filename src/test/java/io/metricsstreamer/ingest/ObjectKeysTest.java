package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import org.junit.jupiter.api.Test;

/** The duplicate-key tracker against a plain set, through table growth, nesting and reuse. */
class ObjectKeysTest {

    /** Objects one after another on one tracker: each key is new exactly when a fresh set says so. */
    @Property(tries = 100)
    void aKeyIsADuplicateExactlyWhenTheObjectAlreadyHasIt(@ForAll("objects") List<List<String>> objects) {
        ObjectKeys keys = new ObjectKeys();
        keys.reset();
        for (List<String> object : objects) {
            keys.enter();
            Set<String> oracle = new HashSet<>();
            for (String key : object) {
                assertThat(keys.add(key)).as("add %s after %s keys", key, oracle.size()).isEqualTo(oracle.add(key));
            }
            keys.exit();
        }
        assertThat(keys.inObject()).isFalse();
    }

    @Provide
    Arbitrary<List<List<String>>> objects() {
        // Keys out of 1,000 names; sizes drawn evenly (jqwik favours small lists; a set takes over past 32 keys).
        Arbitrary<List<String>> object = Arbitraries.integers().between(0, 999).map(i -> "k" + i).list()
                .ofMaxSize(140).withSizeDistribution(RandomDistribution.uniform());
        return object.list().ofMinSize(1).ofMaxSize(3);
    }

    @Test
    void anInnerObjectHasKeysOfItsOwnAndTheOuterOneKeepsItsKeys() {
        ObjectKeys keys = new ObjectKeys();
        keys.reset();
        keys.enter();
        for (int i = 0; i < 100; i++) {
            assertThat(keys.add("k" + i)).isTrue();
        }
        keys.enter();
        for (int i = 0; i < 100; i++) {
            assertThat(keys.add("k" + i)).as("inner k%s", i).isTrue();
        }
        assertThat(keys.add("k7")).isFalse();
        keys.exit();

        assertThat(keys.add("k99")).isFalse();
        assertThat(keys.add("k0")).isFalse();
        assertThat(keys.add("k100")).isTrue();
        keys.exit();
        assertThat(keys.inObject()).isFalse();
    }

    @Test
    void anObjectOutgrowingTheTableKeepsEveryKeyAndTheNextObjectStartsEmpty() {
        ObjectKeys keys = new ObjectKeys();
        keys.reset();
        keys.enter();
        for (int i = 0; i < 10 * ObjectKeys.SMALL_KEYS; i++) {
            assertThat(keys.add("k" + i)).as("k%s", i).isTrue();
            assertThat(keys.add("k" + i / 2)).as("k%s again", i / 2).isFalse();
        }
        keys.exit();

        keys.enter();
        assertThat(keys.add("k0")).isTrue();
        assertThat(keys.add("k1")).isTrue();
        assertThat(keys.add("k0")).isFalse();
        keys.exit();
    }

    @Test
    void resetForgetsObjectsLeftOpenByAnAbandonedParse() {
        ObjectKeys keys = new ObjectKeys();
        keys.enter();
        keys.add("a");
        keys.enter();
        keys.add("b");
        keys.reset();

        assertThat(keys.inObject()).isFalse();
        assertThat(keys.depth()).isZero();
        keys.exit();
        assertThat(keys.depth()).as("an exit with nothing open is ignored").isZero();
        keys.enter();
        assertThat(keys.depth()).isEqualTo(1);
        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("b")).isTrue();
    }
}
