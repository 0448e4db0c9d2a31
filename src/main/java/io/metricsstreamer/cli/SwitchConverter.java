package io.metricsstreamer.cli;

/** Reads an on/off option in any case ({@code off}, {@code OFF}). */
final class SwitchConverter extends CaseInsensitiveEnumConverter<Switch> {
    SwitchConverter() {
        super(Switch.class, "on or off");
    }
}
