package io.metricsstreamer.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code --log-format} in any case ({@code json}, {@code JSON}), naming the valid values when it is neither. */
final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
        try {
            return LogFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a log format (valid: text, json)");
        }
    }
}
