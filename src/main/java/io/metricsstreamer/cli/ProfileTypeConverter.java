package io.metricsstreamer.cli;

import io.metricsstreamer.loadgen.ProfileType;

/** Reads {@code run --profile} in any case ({@code ramp_up}, {@code RAMP_UP}). */
final class ProfileTypeConverter extends CaseInsensitiveEnumConverter<ProfileType> {
    ProfileTypeConverter() {
        super(ProfileType.class, "a load profile");
    }
}
