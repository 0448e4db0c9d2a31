package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.metricsstreamer.model.MetricType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PendingQueueTest {
    private static EncodedMetric metric(long seq, int typeIndex) {
        return EnvelopeEncoder.encode(seq, new MetricType("t" + typeIndex, typeIndex), DeliveryFixture.TIMESTAMP,
                JsonNodeFactory.instance.objectNode());
    }

    private static List<Long> seqs(PendingQueue q) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < q.size(); i++) {
            out.add(q.get(i).seq());
        }
        return out;
    }

    private static long[] typeBits(int... indexes) {
        long[] bits = new long[2];
        for (int i : indexes) {
            bits[i >>> 6] |= 1L << i;
        }
        return bits;
    }

    @Test
    void replacingAnEntryAppendsTheNewerKeepingOrderBytesAndTheListsAge() {
        PendingQueue q = new PendingQueue(100);
        for (long seq = 1; seq <= 3; seq++) {
            q.add(metric(seq, 0), 10 * seq);
        }
        long bytes = q.bytes();

        q.replaceWithNewest(0, metric(4, 0), 40);
        assertThat(seqs(q)).containsExactly(2L, 3L, 4L);
        assertThat(q.oldestEnqueuedAt()).as("as old as before").isEqualTo(10);
        assertThat(q.bytes()).isEqualTo(bytes);

        q.replaceWithNewest(1, metric(5, 0), 50);
        assertThat(seqs(q)).containsExactly(2L, 4L, 5L);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(10);
    }

    @Test
    void replacingTheOnlyEntryKeepsTheTimeTheListBecameNonEmpty() {
        PendingQueue q = new PendingQueue(100);
        q.add(metric(1, 0), 100);

        q.replaceWithNewest(0, metric(2, 0), 900);

        assertThat(seqs(q)).containsExactly(2L);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(100);
    }

    @Test
    void shouldRejectACapacityBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PendingQueue(0));
    }

    @Test
    void keepsMetricsOldestFirstWithTheirEnqueueTimes() {
        PendingQueue q = new PendingQueue(100);

        for (int i = 1; i <= 20; i++) {
            assertThat(q.add(metric(i, 0), 1000 + i)).isFalse();
        }

        assertThat(seqs(q)).hasSize(20).isSorted().startsWith(1L).endsWith(20L);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(1001);
        assertThat(q.isEmpty()).isFalse();
    }

    @Test
    void pastCapacityTheOldestIsDroppedAndReported() {
        PendingQueue q = new PendingQueue(3);
        q.add(metric(1, 0), 10);
        q.add(metric(2, 0), 20);
        q.add(metric(3, 0), 30);

        assertThat(q.add(metric(4, 0), 40)).isTrue();

        assertThat(seqs(q)).containsExactly(2L, 3L, 4L);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(20);
    }

    @Test
    void aCapacityOfOneKeepsOnlyTheNewest() {
        PendingQueue q = new PendingQueue(1);

        assertThat(q.add(metric(1, 0), 1)).isFalse();
        assertThat(q.add(metric(2, 0), 2)).isTrue();

        assertThat(seqs(q)).containsExactly(2L);
    }

    @Test
    void clearEmptiesTheQueueForReuse() {
        PendingQueue q = new PendingQueue(4);
        q.add(metric(1, 0), 1);
        q.add(metric(2, 0), 2);

        q.clear();
        q.add(metric(3, 0), 3);

        assertThat(seqs(q)).containsExactly(3L);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(3);
    }

    @Test
    void removeTypesKeepsTheOrderAndTimesOfTheRest() {
        PendingQueue q = new PendingQueue(4);
        for (int i = 1; i <= 6; i++) {
            q.add(metric(i, i % 3), 100 + i);
        }

        assertThat(q.removeTypes(typeBits(0))).isEqualTo(2);

        assertThat(seqs(q)).containsExactly(4L, 5L);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(104);
        q.add(metric(7, 1), 107);
        q.add(metric(8, 2), 108);
        assertThat(q.add(metric(9, 1), 109)).isTrue();
        assertThat(seqs(q)).containsExactly(5L, 7L, 8L, 9L);
    }

    @Test
    void removeTypesHandlesTypeIndexesBeyondSixtyFour() {
        PendingQueue q = new PendingQueue(10);
        q.add(metric(1, 70), 1);
        q.add(metric(2, 3), 2);
        q.add(metric(3, 70), 3);

        assertThat(q.removeTypes(typeBits(70))).isEqualTo(2);

        assertThat(seqs(q)).containsExactly(2L);
    }

    @Test
    void removeTypesOnAnEmptyQueueRemovesNothing() {
        PendingQueue q = new PendingQueue(10);

        assertThat(q.removeTypes(typeBits(0, 1))).isZero();
        assertThat(q.isEmpty()).isTrue();
    }

    /**
     * Operations: a value 0..2 adds a metric of that type, 3 removes type 1, 4 clears. The queue must behave like a
     * deque that drops its head when full.
     */
    @Property
    void behavesLikeABoundedDropOldestDeque(@ForAll @IntRange(min = 1, max = 12) int capacity,
                                            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 4) Integer> ops) {
        PendingQueue q = new PendingQueue(capacity);
        Deque<long[]> model = new ArrayDeque<>();
        long seq = 0;
        for (int op : ops) {
            if (op <= 2) {
                seq++;
                boolean modelDrops = model.size() == capacity;
                if (modelDrops) {
                    model.removeFirst();
                }
                model.addLast(new long[] {seq, op, seq * 10});
                assertThat(q.add(metric(seq, op), seq * 10)).isEqualTo(modelDrops);
            } else if (op == 3) {
                int before = model.size();
                model.removeIf(e -> e[1] == 1);
                assertThat(q.removeTypes(typeBits(1))).isEqualTo(before - model.size());
            } else {
                model.clear();
                q.clear();
            }
            assertThat(q.size()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
            assertThat(seqs(q)).containsExactlyElementsOf(model.stream().map(e -> e[0]).toList());
            if (!model.isEmpty()) {
                assertThat(q.oldestEnqueuedAt()).isEqualTo(model.peekFirst()[2]);
            }
        }
    }

    @Test
    void bytesFollowAddsDropsRemovalsAndClear() {
        PendingQueue q = new PendingQueue(3);
        EncodedMetric a = metric(1, 0);
        EncodedMetric b = metric(2, 1);
        q.add(a, 0);
        q.add(b, 0);
        assertThat(q.bytes()).isEqualTo(a.envelopeLength() + b.envelopeLength());
        q.dropOldestOver(b.envelopeLength());
        assertThat(q.bytes()).isEqualTo(b.envelopeLength());
        q.add(metric(3, 0), 0);
        q.add(metric(4, 0), 0);
        q.add(metric(5, 0), 0);
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.bytes()).isEqualTo(3L * metric(9, 0).envelopeLength());
        q.removeTypes(typeBits(0));
        assertThat(q.bytes()).isZero();
        q.add(a, 0);
        q.clear();
        assertThat(q.bytes()).isZero();
        assertThat(q.dropOldestOver(0)).isZero();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void dropOldestOverKeepsTheNewestWithinTheBytesAndAlwaysOne() {
        PendingQueue q = new PendingQueue(10);
        for (long seq = 1; seq <= 5; seq++) {
            q.add(metric(seq, 0), seq);
        }
        long one = metric(9, 0).envelopeLength();

        assertThat(q.dropOldestOver(5 * one)).isZero();
        assertThat(q.dropOldestOver(2 * one + 1)).isEqualTo(3);
        assertThat(seqs(q)).containsExactly(4L, 5L);
        assertThat(q.bytes()).isEqualTo(2 * one);
        assertThat(q.oldestEnqueuedAt()).isEqualTo(4);
        assertThat(q.dropOldestOver(0)).isEqualTo(1);
        assertThat(seqs(q)).containsExactly(5L);
        assertThat(new PendingQueue(1).dropOldestOver(0)).isZero();
    }
}
