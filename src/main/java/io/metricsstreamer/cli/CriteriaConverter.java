package io.metricsstreamer.cli;

import io.metricsstreamer.loadgen.SuccessCriteria;
import picocli.CommandLine;

/** Reads {@code run --criteria max_p99_ms=X,max_error_rate=Y,min_throughput_tps=Z}. */
final class CriteriaConverter implements CommandLine.ITypeConverter<SuccessCriteria> {
    @Override
    public SuccessCriteria convert(String value) {
        try {
            return SuccessCriteria.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
