package io.metricsstreamer.cli;

import io.metricsstreamer.demo.LoadProfile;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Reads {@code demo --profile} in any case ({@code ramp}, {@code RAMP}, {@code Ramp}), as metric types are read,
 * naming the valid profiles when it is none of them.
 */
final class LoadProfileConverter implements CommandLine.ITypeConverter<LoadProfile> {
    private static final String VALID = Arrays.stream(LoadProfile.values())
            .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));

    @Override
    public LoadProfile convert(String value) {
        try {
            return LoadProfile.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a load profile (valid, in any "
                    + "case: " + VALID + ")");
        }
    }
}
