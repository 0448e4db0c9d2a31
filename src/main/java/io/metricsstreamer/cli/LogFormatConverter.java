package io.metricsstreamer.cli;

/** Reads {@code --log-format} in any case ({@code json}, {@code JSON}). */
final class LogFormatConverter extends CaseInsensitiveEnumConverter<LogFormat> {
    LogFormatConverter() {
        super(LogFormat.class, "a log format");
    }
}
