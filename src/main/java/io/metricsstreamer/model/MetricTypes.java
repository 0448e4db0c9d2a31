package io.metricsstreamer.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The registry of metric types a server knows: the five built-ins plus those registered at start
 * ({@code --metric-type NAME}). Immutable once built; lookups are case-insensitive.
 */
public final class MetricTypes {
    /** Built-in type: system-wide throughput, latency and resource metrics. */
    public static final String SYSTEM = "system";
    /** Built-in type: per-agent records. */
    public static final String AGENT = "agent";
    /** Built-in type: business figures. */
    public static final String BUSINESS = "business";
    /** Built-in type: headline figures. */
    public static final String HERO = "hero";
    /** Built-in type: presentation dashboard data. */
    public static final String PRESENTATION = "presentation";
    /** The built-in names in their fixed order. */
    public static final List<String> BUILT_IN = List.of(SYSTEM, AGENT, BUSINESS, HERO, PRESENTATION);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final MetricTypes BUILT_INS = of(List.of());

    private final List<MetricType> all;
    private final Map<String, MetricType> byName;

    private MetricTypes(List<MetricType> all, Map<String, MetricType> byName) {
        this.all = all;
        this.byName = byName;
    }

    /** The registry with only the built-in types (for tests and benchmarks; the server builds it with {@link #of}). */
    public static MetricTypes builtIns() {
        return BUILT_INS;
    }

    /**
     * The built-ins plus {@code extra} types, in order, duplicates ignored.
     *
     * @throws IllegalArgumentException when a name does not match {@code [a-z][a-z0-9_]{0,63}} or is {@code all}
     */
    public static MetricTypes of(Collection<String> extra) {
        Map<String, MetricType> byName = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(BUILT_IN);
        names.addAll(extra);
        for (String name : names) {
            if (!NAME.matcher(name).matches() || "all".equals(name)) {
                throw new IllegalArgumentException("invalid metric type name '" + name
                        + "': it must match [a-z][a-z0-9_]{0,63} and not be 'all'");
            }
            byName.computeIfAbsent(name, n -> new MetricType(n, byName.size()));
        }
        return new MetricTypes(List.copyOf(byName.values()), Collections.unmodifiableMap(byName));
    }

    /** Every type, ordered by index. */
    public List<MetricType> all() {
        return all;
    }

    /** Number of types. */
    public int size() {
        return all.size();
    }

    /** The type with this name, compared case-insensitively. */
    public Optional<MetricType> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The type with this built-in or registered name; throws when unknown. */
    public MetricType require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown metric type '" + name + "'; valid types: " + String.join(", ", names())));
    }

    /** The type names in index order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(all.size());
        for (MetricType t : all) {
            names.add(t.name());
        }
        return names;
    }
}
