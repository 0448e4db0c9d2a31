package io.metricsstreamer.cli;

import io.metricsstreamer.demo.LoadProfile;

/** Reads {@code demo --profile} in any case ({@code ramp}, {@code RAMP}, {@code Ramp}). */
final class LoadProfileConverter extends CaseInsensitiveEnumConverter<LoadProfile> {
    LoadProfileConverter() {
        super(LoadProfile.class, "a load profile");
    }
}
