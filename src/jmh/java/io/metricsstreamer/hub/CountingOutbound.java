package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.delivery.SlicedFrame;

/** A socket for benchmarks that only counts the bytes written to it (a result the JIT cannot drop). */
final class CountingOutbound implements Outbound {
    long bytes;

    @Override
    public void sendControl(String json) {
        bytes += json.length();
    }

    @Override
    public void write(SlicedFrame frame) {
        bytes += frame.totalBytes();
    }

    @Override
    public boolean flush() {
        bytes++;
        return true;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        bytes = -1;
    }
}
