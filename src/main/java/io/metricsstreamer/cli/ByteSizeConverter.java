package io.metricsstreamer.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Parses byte sizes: {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 2GiB} (also KB/MB/GB as binary units). */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = 1;
        if (v.endsWith("KB")) {
            unit = 1024;
        } else if (v.endsWith("MB")) {
            unit = 1024 * 1024;
        } else if (v.endsWith("GB")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? (v.endsWith("B") ? v.substring(0, v.length() - 1) : v) : v.substring(0,
                v.length() - 2);
        try {
            return Math.multiplyExact(Long.parseLong(digits.trim()), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a byte size (examples: 1048576, 512KiB, 1MiB)");
        }
    }
}
