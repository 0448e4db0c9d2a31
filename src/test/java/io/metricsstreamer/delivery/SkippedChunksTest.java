package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A parked client's skipped chunks, against a loop's {@link ChunkLog}: drops are counted once the client has skipped
 * more than it keeps, and catching up leaves exactly the newest metrics it keeps, the rest counted once.
 */
class SkippedChunksTest {
    private static final long NO_BYTE_LIMIT = Long.MAX_VALUE / 4;
    private static final int KEEPS = 5;

    private final DeliveryFixture fx = new DeliveryFixture();
    private final ChunkLog log = new ChunkLog();

    private List<PublishedMetric> chunk(int count) {
        List<PublishedMetric> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(fx.metric("system"));
        }
        return made;
    }

    private static List<Long> seqs(PendingQueue pending) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            out.add(pending.get(i).seq());
        }
        return out;
    }

    @Test
    void countsDropsOnceTheSkippedOutgrowWhatItKeepsThenKeepsTheNewest() {
        PendingQueue pending = new PendingQueue(KEEPS);
        pending.add(fx.metric("system").encoded(), 0);
        pending.add(fx.metric("system").encoded(), 0);
        List<PublishedMetric> first = chunk(3);
        SkippedChunks skipped = new SkippedChunks(log.append(first, 1), pending.size(), NO_BYTE_LIMIT, KEEPS, log);

        assertThat(skipped.skip(first.size(), log)).as("5 of 5 kept: no drop yet").isZero();
        assertThat(skipped.pendingCount()).isEqualTo(5);
        List<PublishedMetric> second = chunk(3);
        log.append(second, 2);
        assertThat(skipped.skip(second.size(), log)).as("8 for 5 places").isEqualTo(3);
        List<PublishedMetric> third = chunk(3);
        log.append(third, 3);
        assertThat(skipped.skip(third.size(), log)).as("3 more").isEqualTo(3);
        assertThat(skipped.pendingCount()).isEqualTo(KEEPS);

        assertThat(skipped.catchUp(pending, log)).as("nothing left to count").isZero();
        assertThat(seqs(pending)).containsExactly(7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void catchingUpBeforeTheWindowIsKnownCountsWhatNoLongerFits() {
        PendingQueue pending = new PendingQueue(KEEPS);
        for (int i = 0; i < 4; i++) {
            pending.add(fx.metric("system").encoded(), 0);
        }
        List<PublishedMetric> first = chunk(3);
        SkippedChunks skipped = new SkippedChunks(log.append(first, 1), pending.size(), NO_BYTE_LIMIT, KEEPS, log);

        assertThat(skipped.skip(first.size(), log)).as("the log holds too few to tell").isZero();
        assertThat(skipped.pendingCount()).as("never more than it may keep").isEqualTo(KEEPS);

        assertThat(skipped.catchUp(pending, log)).as("7 for 5 places").isEqualTo(2);
        assertThat(seqs(pending)).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void whileItHasSkippedFewerThanItKeepsItShowsWhatFitsWithItsPendingList() {
        int maxPending = 10;
        List<PublishedMetric> before = chunk(4);
        List<PublishedMetric> skippedChunk = chunk(2);
        List<PublishedMetric> all = new ArrayList<>(before);
        all.addAll(skippedChunk);
        long fiveNewest = 0;
        for (PublishedMetric m : all.subList(1, 6)) {
            fiveNewest += m.encoded().envelopeLength();
        }
        log.keepAtLeast(fiveNewest);
        log.append(before, 1);
        PendingQueue pending = new PendingQueue(maxPending);
        for (PublishedMetric m : before) {
            pending.add(m.encoded(), 1);
        }
        SkippedChunks skipped = new SkippedChunks(log.append(skippedChunk, 2), pending.size(), fiveNewest,
                maxPending, log);

        assertThat(skipped.skip(skippedChunk.size(), log)).as("what it lost is counted when it catches up").isZero();
        assertThat(skipped.pendingCount()).as("5 fit in its bytes, not 6, nor max-pending's 10").isEqualTo(5);

        assertThat(skipped.catchUp(pending, log)).as("the oldest, which no longer fits").isEqualTo(1);
        assertThat(seqs(pending)).containsExactly(2L, 3L, 4L, 5L, 6L);
    }
}
