package io.metricsstreamer.subscription;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of metric types a client receives, over the types of one {@link MetricTypes} registry.
 *
 * <p>A new client starts with the <em>implicit</em> {@code all}: the first {@link #subscribe} replaces it, later ones
 * add to the set. {@link #unsubscribe} of one type from {@code all} leaves every other type; of {@code all} leaves
 * nothing. Any explicit change ends the implicit default.
 */
public final class Subscription {
    private final long[] bits;
    private final int typeCount;
    private final boolean implicitDefault;

    private Subscription(long[] bits, int typeCount, boolean implicitDefault) {
        this.bits = bits;
        this.typeCount = typeCount;
        this.implicitDefault = implicitDefault;
    }

    /** The subscription of a newly connected client: every type, implicitly. */
    public static Subscription initial(MetricTypes types) {
        long[] bits = new long[(types.size() + 63) >>> 6];
        for (int i = 0; i < types.size(); i++) {
            bits[i >>> 6] |= 1L << i;
        }
        return new Subscription(bits, types.size(), true);
    }

    /**
     * Exactly the types {@code allowed} (not an implicit default): a ceiling for {@link #within}, as a client's token
     * sets one.
     */
    public static Subscription only(MetricTypes types, Collection<MetricType> allowed) {
        long[] bits = new long[(types.size() + 63) >>> 6];
        for (MetricType t : allowed) {
            bits[t.index() >>> 6] |= 1L << t.index();
        }
        return new Subscription(bits, types.size(), false);
    }

    /**
     * This subscription cut down to the types {@code ceiling} includes: what a client gets of what it asked for. It
     * stays the implicit default if it was one.
     */
    public Subscription within(Subscription ceiling) {
        long[] next = bits.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] &= ceiling.bits[i];
        }
        return new Subscription(next, typeCount, implicitDefault);
    }

    /** Whether metrics of {@code type} are delivered. Hot path: one array read and a mask. */
    public boolean includes(MetricType type) {
        int i = type.index();
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    /** Whether this is still the implicit default of a new client (for tests). */
    public boolean isImplicitDefault() {
        return implicitDefault;
    }

    /** Whether every type is included. */
    public boolean includesAll() {
        for (int i = 0; i < typeCount; i++) {
            if ((bits[i >>> 6] & (1L << i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The subscription after a {@code subscribe}: replaces the implicit default, else adds. */
    public Subscription subscribe(boolean all, Collection<MetricType> types) {
        long[] next = implicitDefault ? new long[bits.length] : bits.clone();
        if (all) {
            setAll(next, typeCount);
        }
        for (MetricType t : types) {
            next[t.index() >>> 6] |= 1L << t.index();
        }
        return new Subscription(next, typeCount, false);
    }

    /** The subscription after an {@code unsubscribe}: removes the types, or everything for {@code all}. */
    public Subscription unsubscribe(boolean all, Collection<MetricType> types) {
        long[] next = all ? new long[bits.length] : bits.clone();
        for (MetricType t : types) {
            next[t.index() >>> 6] &= ~(1L << t.index());
        }
        return new Subscription(next, typeCount, false);
    }

    /** The wire form for {@code subscription_confirmed}: {@code ["all"]} when every type is in, else sorted names. */
    public List<String> wireNames(MetricTypes types) {
        if (includesAll()) {
            return List.of("all");
        }
        List<String> names = new ArrayList<>();
        for (MetricType t : types.all()) {
            if (includes(t)) {
                names.add(t.name());
            }
        }
        names.sort(null);
        return names;
    }

    private static void setAll(long[] bits, int count) {
        for (int i = 0; i < count; i++) {
            bits[i >>> 6] |= 1L << i;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subscription s && s.implicitDefault == implicitDefault && Arrays.equals(s.bits, bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits) * 31 + (implicitDefault ? 1 : 0);
    }
}
