package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every built-in record, filled with random values through its builder, equals the record made positionally from the
 * same values and serialises the same. The setters are found by reflection, each named as its component and taking
 * the component's type, and called in a random order: so every component has its setter, no setter writes into
 * another component, and no setter depends on another having run first.
 */
class RecordBuildersPropertiesTest {
    private static final List<Class<? extends Record>> RECORDS = List.of(SystemMetrics.class, AgentMetrics.class,
            BusinessMetrics.class, HeroMetrics.class, PresentationData.class, FlowNode.class,
            CompetitiveBenchmarks.class);

    /** One record type, a value per component, and the order in which the setters are called. */
    record Case(Class<? extends Record> type, List<Object> values, List<Integer> order) {
        @Override
        public String toString() {
            return type.getSimpleName() + values + " set in order " + order;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(RECORDS).flatMap(type -> Arbitraries.randomValue(random -> newCase(type, random)));
    }

    @Property(tries = 700)
    void valuesSetByNameMakeTheRecordTheyMakePositionally(@ForAll("cases") Case c) throws ReflectiveOperationException {
        Record positional = construct(c.type(), c.values());

        Object builder = c.type().getMethod("builder").invoke(null);
        RecordComponent[] components = c.type().getRecordComponents();
        for (int i : c.order()) {
            builder.getClass().getMethod(components[i].getName(), components[i].getType())
                    .invoke(builder, c.values().get(i));
        }
        Object built = builder.getClass().getMethod("build").invoke(builder);

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    private static Case newCase(Class<? extends Record> type, Random random) {
        List<Object> values = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            values.add(randomValue(components[i].getGenericType(), random));
            order.add(i);
        }
        Collections.shuffle(order, random);
        return new Case(type, values, order);
    }

    private static Record construct(Class<? extends Record> type, List<Object> values) {
        Class<?>[] types = new Class<?>[values.size()];
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < types.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<? extends Record> canonical = type.getConstructor(types);
            return canonical.newInstance(values.toArray());
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the random values are not a valid " + type.getSimpleName(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no public canonical constructor", e);
        }
    }

    /** The type to make an element of a list or map as: elements are never null, as the records require. */
    private static Type element(Type type) {
        return type == Double.class ? double.class : type == Long.class ? long.class : type;
    }

    /**
     * A random value of a component's type. Boxed numbers are the optional components: null half of the time. Every
     * other reference is set (the builders refuse null where the contract has no optional value).
     */
    private static Object randomValue(Type type, Random random) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            int size = random.nextInt(4);
            if (p.getRawType() == List.class) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    list.add(randomValue(element(args[0]), random));
                }
                return list;
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                map.put(randomValue(element(args[0]), random), randomValue(element(args[1]), random));
            }
            return map;
        }
        Class<?> c = (Class<?>) type;
        if (c == Long.class || c == Double.class) {
            return random.nextBoolean() ? null : randomValue(c == Long.class ? long.class : double.class, random);
        }
        if (c == double.class) {
            return random.nextInt(4) == 0 ? 0.0 : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12));
        }
        if (c == long.class) {
            return random.nextInt(4) == 0 ? 0L : random.nextLong() >> random.nextInt(64);
        }
        if (c == int.class) {
            return random.nextInt(4) == 0 ? 0 : random.nextInt() >> random.nextInt(32);
        }
        if (c == String.class) {
            return "s" + Integer.toString(random.nextInt(100_000), 36);
        }
        if (c == Instant.class) {
            return Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
        }
        if (c == Object.class) {
            return random.nextBoolean() ? (Object) random.nextDouble() : "v" + random.nextInt(1000);
        }
        if (c.isRecord()) {
            @SuppressWarnings("unchecked")
            Class<? extends Record> record = (Class<? extends Record>) c;
            return construct(record, newCase(record, random).values());
        }
        throw new IllegalArgumentException("no random values of " + type + ": teach randomValue this type");
    }
}
