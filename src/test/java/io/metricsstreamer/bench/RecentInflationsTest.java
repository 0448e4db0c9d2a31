package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
    void forgetsTheOldestAndNeverKeepsALargeMessage() {
        RecentInflations r = new RecentInflations();
        for (int i = 0; i <= RecentInflations.SIZE; i++) {
            byte[] m = bytes("m" + i);
            r.remember(m, m.length, m, m.length);
        }
        assertThat(r.find(bytes("m0"), 2)).isNull();
        assertThat(r.find(bytes("m1"), 2)).isEqualTo(bytes("m1"));
        byte[] large = new byte[RecentInflations.MAX_KEPT + 1];
        r.remember(large, large.length, large, 10);
        assertThat(r.find(large, large.length)).isNull();
    }
}
