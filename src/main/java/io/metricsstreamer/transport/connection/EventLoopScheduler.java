package io.metricsstreamer.transport.connection;

import io.metricsstreamer.delivery.LoopScheduler;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The core's {@link LoopScheduler} over a Netty event loop: timers run on that loop. */
final class EventLoopScheduler implements LoopScheduler {
    private final EventLoop loop;

    EventLoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        io.netty.util.concurrent.ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
