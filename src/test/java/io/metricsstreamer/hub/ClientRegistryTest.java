package io.metricsstreamer.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.stats.ClientSnapshot;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.RecordingOutbound;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ClientRegistryTest {
    private static final DeliveryConfig CONFIG = new DeliveryConfig(10, 1_000_000, 100, 1_000_000_000);

    private final ManualScheduler loop = new ManualScheduler();

    private ClientSession session(String id) {
        return new ClientSession(id, new RecordingOutbound(), loop, CONFIG, MetricTypes.builtIns(), new ServerStats());
    }

    @Test
    void admitsUpToMaxClientsThenRefuses() {
        ClientRegistry registry = new ClientRegistry(2);

        assertThat(registry.tryReserve()).isNotNull();
        assertThat(registry.tryReserve()).isNotNull();
        assertThat(registry.tryReserve()).isNull();
    }

    @Test
    void releasingAnAdmissionFreesExactlyOneSlotHoweverOftenItIsCalled() {
        ClientRegistry registry = new ClientRegistry(2);
        ConnectionSlot first = registry.tryReserve();
        registry.tryReserve();

        first.release();
        first.release();
        first.release();

        assertThat(registry.tryReserve()).isNotNull();
        assertThat(registry.tryReserve()).as("the repeated releases freed only one slot").isNull();
    }

    @Test
    void concurrentAdmissionsNeverExceedTheLimit() throws Exception {
        ClientRegistry registry = new ClientRegistry(50);
        Callable<Integer> admitMany = () -> {
            int admitted = 0;
            for (int i = 0; i < 100; i++) {
                if (registry.tryReserve() != null) {
                    admitted++;
                }
            }
            return admitted;
        };

        assertThat(runOnThreads(8, admitMany).stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
    }

    @Test
    void clientIdsAreNumberedFromOne() {
        ClientRegistry registry = new ClientRegistry(1);

        assertThat(List.of(registry.newClientId(), registry.newClientId(), registry.newClientId()))
                .containsExactly("client_1", "client_2", "client_3");
    }

    @Test
    void clientIdsAreUniqueAcrossThreads() throws Exception {
        ClientRegistry registry = new ClientRegistry(1);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Callable<Integer> make = () -> {
            for (int i = 0; i < 1000; i++) {
                ids.add(registry.newClientId());
            }
            return 0;
        };

        runOnThreads(8, make);

        assertThat(ids).hasSize(8000).allMatch(id -> id.matches("client_[1-9][0-9]*"));
    }

    @Test
    void tracksRegisteredSessionsById() {
        ClientRegistry registry = new ClientRegistry(10);
        ClientSession one = session("client_1");

        registry.add(one);

        assertThat(registry.count()).isEqualTo(1);
        assertThat(registry.contains("client_1")).isTrue();
        assertThat(registry.contains("client_2")).isFalse();
        assertThat(registry.contains(null)).isFalse();
        registry.remove(one);
        assertThat(registry.count()).isZero();
        assertThat(registry.contains("client_1")).isFalse();
    }

    @Test
    void removingAnotherSessionWithTheSameIdLeavesTheRegisteredOne() {
        ClientRegistry registry = new ClientRegistry(10);
        registry.add(session("client_1"));

        registry.remove(session("client_1"));

        assertThat(registry.contains("client_1")).isTrue();
    }

    @Test
    void snapshotsAreOrderedByConnectionNotByText() {
        ClientRegistry registry = new ClientRegistry(10);
        registry.add(session("client_10"));
        registry.add(session("client_2"));
        registry.add(session("client_1"));

        List<ClientSnapshot> snapshots = registry.snapshots(loop.nanoTime());

        assertThat(snapshots).extracting(ClientSnapshot::clientId).containsExactly("client_1", "client_2", "client_10");
    }

    private static List<Integer> runOnThreads(int threads, Callable<Integer> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
