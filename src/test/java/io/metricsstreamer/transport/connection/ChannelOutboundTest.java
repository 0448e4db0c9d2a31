package io.metricsstreamer.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.delivery.SlicedFrame;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries written when direct memory has run out: the transport drops them for this client alone and says so,
 * instead of throwing out of the loop's delivery task, and a client still holding unsent bytes is held back as a
 * slow one until its socket drains.
 */
class ChannelOutboundTest {
    private static final String EXHAUSTED = "Cannot reserve 4194304 bytes of direct buffer memory (allocated: "
            + "268435456, limit: 268435456)";

    private final ChannelDuplexHandler head = new ChannelDuplexHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(head);
    private final ChannelOutbound outbound = new ChannelOutbound(channel, channel.pipeline().context(head), null);
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** Fails as the JDK does at its direct memory limit while {@link #failuresLeft} lasts, then allocates. */
    private final ByteBufAllocator exhaustible = failingWith(
            () -> failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? new OutOfMemoryError(EXHAUSTED) : null);

    @AfterEach
    void restore() {
        WireFrameCache.allocateOnThisThreadWith(PooledByteBufAllocator.DEFAULT);
        channel.finishAndReleaseAll();
    }

    @Test
    void aDeliveryThatFindsNoDirectMemoryIsDroppedAndTheFlushSaysSo() {
        WireFrameCache.allocateOnThisThreadWith(exhaustible);
        failuresLeft.set(2);

        outbound.write(frame("{\"a\":1}"));
        boolean sent = outbound.flush();

        assertThat(sent).isFalse();
        assertThat(channel.outboundMessages()).as("nothing reached the socket").isEmpty();
        assertThat(channel.isWritable()).as("it held nothing unsent: not held back").isTrue();

        outbound.write(frame("{\"b\":2}"));
        assertThat(outbound.flush()).as("the next flush, with memory again").isTrue();
        ByteBuf framed = channel.readOutbound();
        assertThat(framed.toString(StandardCharsets.UTF_8)).endsWith("{\"b\":2}");
        framed.release();
    }

    @Test
    void theLoopsKeptFramesAreReleasedAndTheFramingTriedOnceMore() {
        WireFrameCache.allocateOnThisThreadWith(exhaustible);
        failuresLeft.set(1);

        outbound.write(frame("{\"a\":1}"));

        assertThat(outbound.flush()).as("the second try found memory").isTrue();
        ByteBuf framed = channel.readOutbound();
        assertThat(framed.toString(StandardCharsets.UTF_8)).endsWith("{\"a\":1}");
        framed.release();
    }

    @Test
    void aClientHoldingUnsentBytesIsHeldBackUntilItsSocketDrains() {
        WireFrameCache.allocateOnThisThreadWith(exhaustible);
        channel.write(Unpooled.copiedBuffer("unsent", StandardCharsets.UTF_8));
        failuresLeft.set(2);

        outbound.write(frame("{\"a\":1}"));

        assertThat(outbound.flush()).isFalse();
        // flush() also flushed what was unsent: an embedded channel drains at once, so the hold is released at the
        // next check.
        assertThat(channel.isWritable()).as("held back").isFalse();
        channel.advanceTimeBy(MemoryHoldBack.CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isWritable()).as("drained: released").isTrue();
        ByteBuf unsent = channel.readOutbound();
        unsent.release();
    }

    @Test
    void theHeapRunningOutIsNotTakenForDirectMemory() {
        WireFrameCache.allocateOnThisThreadWith(failingWith(() -> new OutOfMemoryError("Java heap space")));

        outbound.write(frame("{\"a\":1}"));

        assertThatThrownBy(outbound::flush).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
    }

    /** Direct buffers from the heap-less unpooled allocator, unless {@code failure} gives an error to throw. */
    private static ByteBufAllocator failingWith(Supplier<OutOfMemoryError> failure) {
        return new AbstractByteBufAllocator(true) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return Unpooled.buffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                OutOfMemoryError e = failure.get();
                if (e != null) {
                    throw e;
                }
                return Unpooled.directBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
    }

    private static SlicedFrame frame(String json) {
        return new SlicedFrame(1).add(json.getBytes(StandardCharsets.UTF_8));
    }
}
