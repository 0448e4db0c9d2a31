package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A loop's memory of what its clients inflated: exact hits only, the oldest forgotten, large ones never kept. */
class RecentInflationsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void findsOnlyTheSameCompressedBytes() {
        RecentInflations r = new RecentInflations();
        byte[] out = bytes("{\"type\":\"metric_update\"}..");
        r.remember(bytes("abcdef"), 4, out, out.length - 2);
        assertThat(r.find(bytes("abcdXY"), 4)).isEqualTo(bytes("{\"type\":\"metric_update\"}"));
        assertThat(r.find(bytes("abce"), 4)).isNull();
        assertThat(r.find(bytes("abcde"), 5)).isNull();
        // Equal hashes, other bytes ("Aa" and "BB" hash alike): still a miss.
        r.remember(bytes("Aa"), 2, out, 1);
        assertThat(r.find(bytes("BB"), 2)).isNull();
    }

    @Test
    void forgetsWhatANewerMessageDisplacesAndNeverKeepsALargeMessage() {
        RecentInflations r = new RecentInflations();
        for (int i = 0; i < 3 * RecentInflations.SIZE; i++) {
            byte[] m = bytes("m" + i);
            r.remember(m, m.length, m, m.length);
        }
        byte[] last = bytes("m" + (3 * RecentInflations.SIZE - 1));
        assertThat(r.find(last, last.length)).as("the newest is always there").isEqualTo(last);
        int found = 0;
        for (int i = 0; i < 3 * RecentInflations.SIZE; i++) {
            byte[] m = bytes("m" + i);
            found += r.find(m, m.length) != null ? 1 : 0;
        }
        assertThat(found).as("at most one per slot").isLessThanOrEqualTo(RecentInflations.SIZE).isPositive();
        byte[] large = new byte[RecentInflations.MAX_KEPT + 1];
        r.remember(large, large.length, large, 10);
        assertThat(r.find(large, large.length)).isNull();
    }

    @Test
    void isEmptiedWhenItWouldHoldMoreThanItsBound() {
        RecentInflations r = new RecentInflations();
        byte[] first = bytes("first");
        r.remember(first, first.length, first, first.length);
        byte[] big = new byte[RecentInflations.MAX_KEPT];
        Random random = new Random(1);
        byte[] tail = new byte[16];
        for (long held = 0; held <= 2 * RecentInflations.MAX_BYTES; held += 2L * big.length) {
            random.nextBytes(tail); // a message's last bytes tell it apart
            System.arraycopy(tail, 0, big, big.length - tail.length, tail.length);
            r.remember(big, big.length, big, big.length);
        }
        assertThat(r.find(first, first.length)).isNull();
    }
}
