package io.metricsstreamer.model;

/**
 * The checks the record builders share. Their messages name the component as the Java API spells it and, for a
 * missing mandatory one, as the JSON does, so a publisher finds the line to fix.
 */
final class BuilderChecks {
    private BuilderChecks() {
    }

    /**
     * {@code value}, checked as a setter's argument: null is not a value of this component (optional components take
     * null in their boxed setter instead).
     *
     * @throws NullPointerException naming the component when {@code value} is null
     */
    static <T> T notNull(T value, String component) {
        if (value == null) {
            throw new NullPointerException(component + " must not be null");
        }
        return value;
    }

    /**
     * {@code value}, checked at build time: a mandatory component has no default, so leaving it unset is an error
     * rather than a record that serialises without it.
     *
     * @throws IllegalStateException naming the record, the component and its JSON name when {@code value} is null
     */
    static <T> T required(T value, String record, String component, String jsonName) {
        if (value == null) {
            throw new IllegalStateException(record + "." + component + " (" + jsonName
                    + ") is required and was not set");
        }
        return value;
    }
}
