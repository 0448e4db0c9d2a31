package io.metricsstreamer.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.PerMessageDeflate;
import io.metricsstreamer.transport.compression.FrameCompression;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Framing of shared delivery frames: one frame, and several frames of one loop task as one buffer, for clients that
 * did not negotiate compression and for those that did.
 */
class WireFrameCacheTest {
    private static SlicedFrame frame(String json) {
        return new SlicedFrame().add(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Where a buffer's bytes are: duplicates of one kept buffer share it. Compared instead of {@code unwrap()}, because
     * Netty's leak detector wraps a sampled buffer (one in 128 by default) and every duplicate of it in a new tracking
     * object, so identity would fail for a shared buffer whenever the sample falls on it.
     */
    private static long address(ByteBuf buf) {
        assertThat(buf.hasMemoryAddress()).as("a pooled direct buffer").isTrue();
        return buf.memoryAddress() + buf.readerIndex();
    }

    /** The text payloads of the unmasked WebSocket frames in {@code buf}, in order. */
    private static List<String> payloads(ByteBuf buf) {
        List<String> out = new ArrayList<>();
        ByteBuf b = buf.duplicate();
        while (b.isReadable()) {
            int finText = b.readUnsignedByte();
            assertThat(finText).as("FIN + text").isEqualTo(0x81);
            int len = b.readUnsignedByte();
            long length = len == 126 ? b.readUnsignedShort() : len == 127 ? b.readLong() : len;
            out.add(b.readCharSequence((int) length, StandardCharsets.UTF_8).toString());
        }
        return out;
    }

    @Test
    void aFrameIsOneUnmaskedTextFrameWhateverItsLength() {
        for (int size : new int[] {1, 125, 126, 65_535, 65_536, 200_000, WireFrameCache.LARGE - 10,
                WireFrameCache.LARGE - 9, WireFrameCache.LARGE + 1, 3_000_000}) {
            String json = "\"" + "x".repeat(size - 2 > 0 ? size - 2 : 0) + "\"";
            ByteBuf buf = WireFrameCache.framed(frame(json));
            try {
                assertThat(payloads(buf)).containsExactly(json);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void aSequenceOfSmallFramesPastTheOnePieceLimitKeepsEveryFrameInOrder() {
        SlicedFrame[] frames = new SlicedFrame[40];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame("\"" + "z".repeat(30_000 + i) + "\"");
        }
        ByteBuf buf = WireFrameCache.framedSequence(frames, frames.length);
        try {
            assertThat(buf.readableBytes()).isGreaterThan(WireFrameCache.LARGE);
            assertThat(payloads(buf)).containsExactly(
                    java.util.Arrays.stream(frames).map(Object::toString).toArray(String[]::new));
        } finally {
            buf.release();
        }
    }

    @Test
    void whatALoopKeptIsReleasedWhenItsThreadEnds() throws Exception {
        AtomicReference<ByteBuf> kept = new AtomicReference<>();
        AtomicReference<ByteBuf> keptSequence = new AtomicReference<>();
        Thread loop = new DefaultThreadFactory("frames-test").newThread(() -> {
            ByteBuf one = WireFrameCache.framed(frame("{\"a\":1}"));
            kept.set(one.unwrap());
            one.release();
            ByteBuf two = WireFrameCache.framedSequence(new SlicedFrame[] {frame("{\"b\":2}"), frame("{\"c\":3}")}, 2);
            keptSequence.set(two.unwrap());
            two.release();
        });
        loop.start();
        loop.join();
        assertThat(kept.get().refCnt()).as("the kept frame").isZero();
        assertThat(keptSequence.get().refCnt()).as("the kept sequence").isZero();
    }

    @Test
    void aSequenceIsItsFramesOneAfterTheOtherAndIsSharedByClientsWithTheSameSequence() {
        SlicedFrame a = frame("{\"a\":1}");
        SlicedFrame b = frame("{\"b\":\"" + "y".repeat(300) + "\"}");
        SlicedFrame c = frame("{\"c\":3}");
        SlicedFrame[] sequence = {a, b, c};
        ByteBuf first = WireFrameCache.framedSequence(sequence, 3);
        ByteBuf second = WireFrameCache.framedSequence(new SlicedFrame[] {a, b, c}, 3);
        ByteBuf other = WireFrameCache.framedSequence(new SlicedFrame[] {a, c}, 2);
        ByteBuf again = WireFrameCache.framedSequence(sequence, 3);
        try {
            assertThat(payloads(first)).containsExactly(a.toString(), b.toString(), c.toString());
            assertThat(address(second)).as("the same sequence shares one buffer").isEqualTo(address(first));
            assertThat(payloads(other)).containsExactly(a.toString(), c.toString());
            assertThat(address(other)).isNotEqualTo(address(first));
            assertThat(address(again)).as("a recent sequence is still kept").isEqualTo(address(first));
            assertThat(ByteBufUtil.equals(first, again)).isTrue();
        } finally {
            for (ByteBuf buf : List.of(first, second, other, again)) {
                buf.release();
            }
        }
    }

    @Test
    void keptSequencesHoldAtMostTheirByteBoundTogetherTheOldestGoingFirst() {
        // Large metrics: every sequence is large, and the loop keeps only the newest within the bound.
        int perSequence = 900_000;
        List<SlicedFrame[]> sequences = new ArrayList<>();
        List<ByteBuf> framed = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                SlicedFrame[] seq = {frame("{\"i\":" + i + "}"), frame("\"" + "p".repeat(perSequence) + "\"")};
                sequences.add(seq);
                framed.add(WireFrameCache.framedSequence(seq, 2));
            }
            ByteBuf newestAgain = WireFrameCache.framedSequence(sequences.get(5), 2);
            framed.add(newestAgain);
            assertThat(address(newestAgain)).as("the newest is kept").isEqualTo(address(framed.get(5)));
            ByteBuf oldestAgain = WireFrameCache.framedSequence(sequences.get(0), 2);
            framed.add(oldestAgain);
            assertThat(address(oldestAgain)).as("the oldest went: framed again").isNotEqualTo(address(framed.get(0)));
            assertThat(payloads(oldestAgain)).containsExactly(sequences.get(0)[0].toString(),
                    sequences.get(0)[1].toString());
        } finally {
            framed.forEach(ByteBuf::release);
        }
    }

    @Test
    void aSequenceOfDistinctButEqualFramesIsFramedAgain() {
        ByteBuf first = WireFrameCache.framedSequence(new SlicedFrame[] {frame("1"), frame("2")}, 2);
        ByteBuf second = WireFrameCache.framedSequence(new SlicedFrame[] {frame("1"), frame("2")}, 2);
        try {
            assertThat(address(second)).as("identity, not equality, is shared").isNotEqualTo(address(first));
            assertThat(ByteBufUtil.equals(first, second)).isTrue();
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void aSequenceTooLargeToKeepGoesToItsClientAloneAndTheKeptOnesStay() {
        SlicedFrame small = frame("{\"s\":1}");
        SlicedFrame big = frame("\"" + "z".repeat(WireFrameCache.MAX_KEPT_SEQUENCE) + "\"");
        ByteBuf kept = WireFrameCache.framedSequence(new SlicedFrame[] {small, small}, 2);
        ByteBuf large = WireFrameCache.framedSequence(new SlicedFrame[] {small, big}, 2);
        ByteBuf largeAgain = WireFrameCache.framedSequence(new SlicedFrame[] {small, big}, 2);
        ByteBuf keptAgain = WireFrameCache.framedSequence(new SlicedFrame[] {small, small}, 2);
        try {
            assertThat(payloads(large)).containsExactly(small.toString(), big.toString());
            assertThat(large.refCnt()).as("the client owns the only reference").isEqualTo(1);
            assertThat(largeAgain).as("not kept: framed again").isNotSameAs(large);
            assertThat(largeAgain.unwrap() == null ? largeAgain : largeAgain.unwrap())
                    .isNotSameAs(large.unwrap() == null ? large : large.unwrap());
            assertThat(address(keptAgain)).isEqualTo(address(kept));
        } finally {
            for (ByteBuf buf : List.of(kept, large, largeAgain, keptAgain)) {
                buf.release();
            }
        }
    }

    /** The frames in {@code buf}: "T:" and the payload of a plain frame, "Z:" and that inflated of a compressed one. */
    private static List<String> framesOf(ByteBuf buf) {
        List<String> out = new ArrayList<>();
        ByteBuf b = buf.duplicate();
        while (b.isReadable()) {
            int first = b.readUnsignedByte();
            int len = b.readUnsignedByte();
            long length = len == 126 ? b.readUnsignedShort() : len == 127 ? b.readLong() : len;
            byte[] payload = new byte[(int) length];
            b.readBytes(payload);
            if (first == 0xC1) {
                out.add("Z:" + new String(PerMessageDeflate.inflateAlone(payload), StandardCharsets.UTF_8));
            } else {
                assertThat(first).as("FIN + text, or FIN + RSV1 + text").isEqualTo(0x81);
                out.add("T:" + new String(payload, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Runs {@code body} on a thread of Netty's factory, as an event loop, so that its deflater is ended after. */
    private static void onLoop(Runnable body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread loop = new DefaultThreadFactory("frames-deflate-test").newThread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        loop.start();
        loop.join();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    @Test
    void aCompressingClientGetsAFrameOverTheMinimumCompressedAndOneUnderItAsThePlainClientsBuffer() throws Exception {
        ServerStats stats = new ServerStats();
        FrameCompression compression = new FrameCompression(256, stats);
        SlicedFrame big = frame("{\"type\":\"metric_update\",\"data\":\"" + "abc".repeat(200) + "\"}");
        SlicedFrame small = frame("{\"type\":\"metric_update\",\"data\":1}");
        onLoop(() -> {
            WireFrameCache frames = WireFrameCache.deflating(compression);
            ByteBuf compressed = frames.frame(big);
            assertThat(frames.lastCompressed()).isEqualTo(1);
            ByteBuf again = WireFrameCache.deflating(compression).frame(big);
            ByteBuf plainSmall = WireFrameCache.framed(small);
            ByteBuf small1 = frames.frame(small);
            assertThat(frames.lastCompressed()).isZero();
            try {
                assertThat(framesOf(compressed)).containsExactly("Z:" + big);
                assertThat(compressed.readableBytes()).isLessThan(big.totalBytes() / 4);
                assertThat(address(again)).as("shared by the loop's compressing clients")
                        .isEqualTo(address(compressed));
                assertThat(framesOf(small1)).containsExactly("T:" + small);
                assertThat(address(small1)).as("the plain clients' very buffer").isEqualTo(address(plainSmall));
            } finally {
                for (ByteBuf buf : List.of(compressed, again, plainSmall, small1)) {
                    buf.release();
                }
            }
        });
        assertThat(stats.totalFramesCompressed()).isEqualTo(1);
    }

    @Test
    void aSequenceForACompressingClientMixesCompressedAndPlainFramesCompressingEachFrameOnce() throws Exception {
        ServerStats stats = new ServerStats();
        FrameCompression compression = new FrameCompression(256, stats);
        SlicedFrame a = frame("{\"a\":1}");
        SlicedFrame b = frame("{\"b\":\"" + "y".repeat(300) + "\"}");
        SlicedFrame c = frame("{\"c\":\"" + "z".repeat(400) + "\"}");
        onLoop(() -> {
            WireFrameCache frames = WireFrameCache.deflating(compression);
            ByteBuf alone = frames.frame(b);
            ByteBuf first = frames.sequence(new SlicedFrame[] {a, b, c}, 3);
            assertThat(frames.lastCompressed()).isEqualTo(2);
            ByteBuf second = frames.sequence(new SlicedFrame[] {a, b, c}, 3);
            assertThat(frames.lastCompressed()).as("what the kept sequence holds").isEqualTo(2);
            ByteBuf plain = WireFrameCache.framedSequence(new SlicedFrame[] {a, b, c}, 3);
            try {
                assertThat(framesOf(first)).containsExactly("T:" + a, "Z:" + b, "Z:" + c);
                assertThat(address(second)).isEqualTo(address(first));
                assertThat(framesOf(plain)).as("plain clients: plain frames")
                        .containsExactly("T:" + a, "T:" + b, "T:" + c);
            } finally {
                for (ByteBuf buf : List.of(alone, first, second, plain)) {
                    buf.release();
                }
            }
        });
        assertThat(stats.totalFramesCompressed()).as("b alone and in the sequence: once").isEqualTo(2);
    }
}
