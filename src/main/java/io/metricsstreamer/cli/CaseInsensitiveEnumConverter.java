package io.metricsstreamer.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Reads an enum option in any case ({@code json}, {@code JSON}), as metric types are read, naming the valid values
 * (in lower case) when the value is none of them. picocli makes converters by their class, so each option has a
 * subclass naming its enum and what its values are.
 */
abstract class CaseInsensitiveEnumConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;
    private final String what;
    private final String valid;

    /** Reads {@code type}; {@code what} names one of its values in errors ("a log format"). */
    CaseInsensitiveEnumConverter(Class<E> type, String what) {
        this.type = type;
        this.what = what;
        this.valid = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    @Override
    public E convert(String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + what + " (valid, in any case: "
                    + valid + ")");
        }
    }
}
