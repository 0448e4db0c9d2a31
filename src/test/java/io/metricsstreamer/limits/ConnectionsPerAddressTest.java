package io.metricsstreamer.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ConnectionsPerAddress}: the count per address, its release, and no entry left behind. */
class ConnectionsPerAddressTest {
    private static final InetAddress A = address(127, 0, 0, 1);
    private static final InetAddress B = address(10, 0, 0, 2);

    private static InetAddress address(int... bytes) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) bytes[0], (byte) bytes[1], (byte) bytes[2],
                (byte) bytes[3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAddressGetsUpToTheLimitAndEachAddressCountsApart() {
        ConnectionsPerAddress limits = new ConnectionsPerAddress(3);
        List<ConnectionsPerAddress.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(limits.tryAcquire(A));
        }
        assertThat(slots).doesNotContainNull();
        assertThat(limits.tryAcquire(A)).as("the fourth from the same address").isNull();
        assertThat(limits.tryAcquire(B)).as("another address").isNotNull();
        assertThat(limits.openFrom(A)).isEqualTo(3);
    }

    @Test
    void aReleasedSlotFreesOneConnectionOnceHoweverOftenItIsReleased() {
        ConnectionsPerAddress limits = new ConnectionsPerAddress(2);
        ConnectionsPerAddress.Slot first = limits.tryAcquire(A);
        limits.tryAcquire(A);
        first.release();
        first.release();
        assertThat(limits.openFrom(A)).isEqualTo(1);
        assertThat(limits.tryAcquire(A)).isNotNull();
        assertThat(limits.tryAcquire(A)).isNull();
    }

    @Test
    void anAddressWithNoConnectionLeftLeavesTheMap() {
        ConnectionsPerAddress limits = new ConnectionsPerAddress(5);
        ConnectionsPerAddress.Slot a = limits.tryAcquire(A);
        ConnectionsPerAddress.Slot b = limits.tryAcquire(B);
        assertThat(limits.addresses()).isEqualTo(2);
        a.release();
        b.release();
        assertThat(limits.addresses()).isZero();
        assertThat(limits.openFrom(A)).isZero();
    }

    @Test
    void aRefusalLeavesNoEntryForAnAddressItDidNotCount() {
        ConnectionsPerAddress limits = new ConnectionsPerAddress(1);
        ConnectionsPerAddress.Slot held = limits.tryAcquire(A);
        assertThat(limits.tryAcquire(A)).isNull();
        held.release();
        assertThat(limits.addresses()).isZero();
    }

    @Test
    void aPeerWithoutAnIpAddressIsNotLimited() {
        ConnectionsPerAddress limits = new ConnectionsPerAddress(1);
        SocketAddress notIp = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        ConnectionsPerAddress.Slot one = limits.tryAcquire(notIp);
        assertThat(limits.tryAcquire(notIp)).isNotNull();
        one.release();
        assertThat(limits.addresses()).isZero();
        assertThat(limits.tryAcquire(new InetSocketAddress(A, 1234))).isNotNull();
        assertThat(limits.tryAcquire(new InetSocketAddress(A, 1235))).as("ports do not matter").isNull();
    }

    @Test
    void threadsAcquiringAndReleasingAtOnceNeverHoldMoreThanTheLimitAndLeaveNothingBehind() throws Exception {
        int limit = 8;
        ConnectionsPerAddress limits = new ConnectionsPerAddress(limit);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 5_000; i++) {
                        List<ConnectionsPerAddress.Slot> mine = new ArrayList<>();
                        for (int k = 0; k < 3; k++) { // 4 threads of 3: more than the limit of 8
                            ConnectionsPerAddress.Slot s = limits.tryAcquire(A);
                            if (s != null) {
                                most.accumulateAndGet(held.incrementAndGet(), Math::max);
                                mine.add(s);
                            }
                        }
                        for (ConnectionsPerAddress.Slot s : mine) {
                            held.decrementAndGet();
                            s.release();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(most.get()).isLessThanOrEqualTo(limit);
        assertThat(limits.addresses()).isZero();
    }
}
