package io.metricsstreamer.cli;

import io.metricsstreamer.bench.PublishFormat;

/** Reads {@code bench --publish-format} in any case. */
final class PublishFormatConverter extends CaseInsensitiveEnumConverter<PublishFormat> {
    PublishFormatConverter() {
        super(PublishFormat.class, "a publish format");
    }
}
