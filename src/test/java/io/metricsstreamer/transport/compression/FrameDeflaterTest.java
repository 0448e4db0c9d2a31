package io.metricsstreamer.transport.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.PerMessageDeflate;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Delivery frames compressed once for the whole server: the bytes a client inflates back to the frame, one
 * compression per frame however many loops ask, frames under the minimum and incompressible ones plain, and bounded
 * memory. Each test runs its loops on threads of Netty's factory, as the event loops are, so that a loop's deflater is
 * ended when its thread ends.
 */
class FrameDeflaterTest {
    private final ServerStats stats = new ServerStats();
    private final FrameCompression compression = new FrameCompression(256, stats);

    private static SlicedFrame frame(String... slices) {
        SlicedFrame f = new SlicedFrame();
        for (String s : slices) {
            byte[] b = ("<" + s + ">").getBytes(StandardCharsets.UTF_8);
            f.add(b, 1, b.length - 2);
        }
        return f;
    }

    private static String metric(int i) {
        return "{\"metric_type\":\"system\",\"seq\":" + i + ",\"data\":{\"throughput_tps\":" + (1000 + i)
                + ",\"p99_response_time_ms\":48.5,\"error_rate\":0.01,\"cpu_utilization\":0.55,"
                + "\"memory_utilization\":0.61,\"network_throughput_mbps\":12.5,\"requests_total\":" + i * 37 + "}}";
    }

    /** Runs {@code body} on a loop-like thread and waits for it (and for the thread's end). */
    private static void onLoop(Runnable body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new DefaultThreadFactory("deflate-test").newThread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        t.join();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    @Test
    void aFramesCompressedBytesInflateToItsPayloadAndAreMadeOnce() throws Exception {
        SlicedFrame f = frame("{\"type\":\"metric_batch\",\"count\":3,\"data\":[", metric(1), ",", metric(2), ",",
                metric(3), "]}");
        AtomicInteger length = new AtomicInteger();
        onLoop(() -> {
            byte[] first = FrameDeflater.compressed(f, compression);
            assertThat(first).isNotNull();
            length.set(first.length);
            assertThat(first.length).isLessThan(f.totalBytes());
            assertThat(PerMessageDeflate.inflateAlone(first)).isEqualTo(f.toBytes());
            assertThat(FrameDeflater.compressed(f, compression)).as("the same bytes, attached").isSameAs(first);
            assertThat(f.compressed()).isSameAs(first);
        });
        assertThat(stats.totalFramesCompressed()).isEqualTo(1);
        assertThat(stats.totalCompressionBytesIn()).isEqualTo(f.totalBytes());
        assertThat(stats.totalCompressionBytesOut()).isEqualTo(length.get());
    }

    @Test
    void framesUnderTheMinimumAndFramesNoSmallerCompressedGoPlain() throws Exception {
        byte[] noise = new byte[2000];
        new Random(7).nextBytes(noise);
        SlicedFrame small = frame(metric(1).substring(0, 200));
        SlicedFrame incompressible = new SlicedFrame().add(noise);
        onLoop(() -> {
            assertThat(FrameDeflater.compressed(small, compression)).isNull();
            assertThat(FrameDeflater.compressed(incompressible, compression)).isNull();
            assertThat(FrameDeflater.compressed(incompressible, compression)).isNull();
        });
        assertThat(stats.totalFramesCompressed()).as("the small one is not even tried; the other once").isEqualTo(1);
        assertThat(stats.totalCompressionBytesOut()).isEqualTo(incompressible.totalBytes());
        onLoop(() -> assertThat(FrameDeflater.compressed(small, new FrameCompression(0, stats)))
                .as("a minimum of 0 compresses what compresses").isNotNull());
    }

    @Test
    void loopsAskingForTheSameFramesAtOnceCompressEachOnceAndShareTheBytes() throws Exception {
        List<SlicedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            frames.add(frame(metric(i), metric(i + 1)));
        }
        int loops = 4;
        CyclicBarrier start = new CyclicBarrier(loops);
        List<List<byte[]>> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int l = 0; l < loops; l++) {
            List<byte[]> mine = new ArrayList<>();
            seen.add(mine);
            threads.add(new DefaultThreadFactory("deflate-race").newThread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (SlicedFrame f : frames) {
                    mine.add(FrameDeflater.compressed(f, compression));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(stats.totalFramesCompressed()).as("one compression per frame").isEqualTo(frames.size());
        // Four loops on a machine of fewer cores: a loop whose thread lost its core is waited for only so long, and
        // the others then compress that frame for themselves (counted apart). Every loop sends the same bytes.
        long shared = 0;
        for (int i = 0; i < frames.size(); i++) {
            for (int l = 1; l < loops; l++) {
                assertThat(seen.get(l).get(i)).as("frame %d on loop %d", i, l).isEqualTo(seen.get(0).get(i));
                shared += seen.get(l).get(i) == seen.get(0).get(i) ? 1 : 0;
            }
        }
        assertThat(shared).as("the same bytes, but for repeated compressions")
                .isGreaterThanOrEqualTo((frames.size() - stats.totalCompressionsRepeated()) * (loops - 1));
    }

    @Test
    void aLoopWhoseClaimIsLateIsNotWaitedForAndTheOtherCompressesForItself() throws Exception {
        SlicedFrame f = frame(metric(1), metric(2));
        assertThat(f.compareAndSetCompressed(null, FrameDeflater.CLAIMED)).as("another loop claims it").isTrue();
        onLoop(() -> {
            long t0 = System.nanoTime();
            byte[] own = FrameDeflater.compressed(f, compression);
            assertThat(System.nanoTime() - t0).as("it waited first").isGreaterThanOrEqualTo(
                    FrameDeflater.MAX_WAIT_NANOS);
            assertThat(PerMessageDeflate.inflateAlone(own)).isEqualTo(f.toBytes());
            assertThat(f.compressed()).as("the other loop's claim stands").isSameAs(FrameDeflater.CLAIMED);
        });
        assertThat(stats.totalFramesCompressed()).as("counted apart").isZero();
        assertThat(stats.totalCompressionsRepeated()).isEqualTo(1);
    }

    @Test
    void aLoopTakesOffTheCompressedBytesOfItsOldestFramesPastItsBoundAndEndsItsDeflaterWithItsThread()
            throws Exception {
        List<SlicedFrame> frames = new ArrayList<>();
        for (int i = 0; i <= FrameDeflater.MAX_OWNED; i++) {
            frames.add(frame(metric(i), metric(i + 1)));
        }
        int open = ZlibStreams.open();
        onLoop(() -> {
            for (SlicedFrame f : frames) {
                FrameDeflater.compressed(f, compression);
            }
            assertThat(ZlibStreams.open()).as("this loop's deflater").isEqualTo(open + 1);
            assertThat(frames.get(0).compressed()).as("the oldest, past the bound").isNull();
            assertThat(frames.get(1).compressed()).isNotNull();
            assertThat(frames.get(FrameDeflater.MAX_OWNED).compressed()).isNotNull();
        });
        assertThat(ZlibStreams.open()).as("the deflater was ended with its thread").isEqualTo(open);
    }
}
