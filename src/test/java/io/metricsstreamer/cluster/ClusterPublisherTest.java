package io.metricsstreamer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The publisher's outbound side against a fake Redis connection whose script calls the test answers one by one: the
 * calls refused when the cluster's Redis lost its data go again in the new epoch, in their order, before any newer
 * call, none lost, none counted as dropped.
 */
@Timeout(30)
class ClusterPublisherTest {
    private static final MetricTypes TYPES = MetricTypes.builtIns();
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** One script call as the publisher made it: its batch (from its keys), the epoch it named, its answer. */
    private record Call(long batch, String epoch, int metrics, AsyncCommand<String, byte[], Long> answer) {
        void succeed(long lastSeq) {
            ((IntegerOutput<String, byte[]>) answer.getOutput()).set(lastSeq);
            answer.complete();
        }

        void refuseForEpoch() {
            answer.completeExceptionally(new RedisCommandExecutionException(PublishScript.EPOCH_ERROR
                    + " the cluster epoch is nil, the node joined " + epoch));
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private ClusterPublisher publisher;

    @SuppressWarnings("unchecked")
    private RedisAsyncCommands<String, byte[]> fakeRedis() {
        return (RedisAsyncCommands<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RedisAsyncCommands.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("evalsha") && !method.getName().equals("eval")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String[] keys = (String[]) args[2];
                    byte[][] values = (byte[][]) args[3];
                    String batchKey = keys[3];
                    AsyncCommand<String, byte[], Long> answer = new AsyncCommand<>(
                            new Command<>(CommandType.EVALSHA, new IntegerOutput<>(CODEC)));
                    calls.add(new Call(Long.parseLong(batchKey.substring(batchKey.lastIndexOf(':') + 1)),
                            new String(values[0], StandardCharsets.US_ASCII),
                            (values.length - PublishScript.HEAD_ARGS) / PublishScript.ARGS_PER_METRIC, answer));
                    return answer;
                });
    }

    @AfterEach
    void stop() {
        if (publisher != null) {
            calls.forEach(c -> c.succeed(0));
            publisher.stop(TimeUnit.SECONDS.toNanos(5));
        }
    }

    private static List<MetricEnvelope> one(int n) {
        return List.of(new MetricEnvelope(TYPES.require("system"), Instant.EPOCH,
                JsonNodeFactory.instance.objectNode().put("n", n)));
    }

    private List<Long> batchesNaming(String epoch) {
        return calls.stream().filter(c -> c.epoch().equals(epoch)).map(Call::batch).toList();
    }

    @Test
    void callsRefusedForALostEpochGoAgainInTheNewOneBeforeAnyNewerCall() {
        publisher = new ClusterPublisher(fakeRedis(), "digest", "E1", "node", 10_000, 1000, dropped::addAndGet);
        publisher.start();
        // One publisher call a script call while the first is unanswered: 16 in flight; the 17th taken from the
        // buffer, the thread waiting for a call slot with it; three more in the buffer.
        for (int i = 0; i < 16; i++) {
            assertThat(publisher.offer(one(i))).isTrue();
            int sent = i + 1;
            await().until(() -> calls.size() == sent);
        }
        assertThat(publisher.offer(one(16))).isTrue();
        await().until(() -> publisher.queuedCalls() == 0);
        for (int i = 17; i < 20; i++) {
            assertThat(publisher.offer(one(i))).isTrue();
        }
        assertThat(calls).hasSize(ClusterPublisher.MAX_IN_FLIGHT);

        publisher.adopt("E2");
        List<Call> first = List.copyOf(calls);
        first.get(0).refuseForEpoch();
        // a slot is free: the drained call must not go out ahead of the 15 older ones still in flight
        for (int i = 1; i < first.size(); i++) {
            first.get(i).refuseForEpoch();
        }

        await().until(() -> batchesNaming("E2").size() >= ClusterPublisher.MAX_IN_FLIGHT);
        assertThat(batchesNaming("E2").subList(0, ClusterPublisher.MAX_IN_FLIGHT))
                .as("the refused calls first, oldest first").isEqualTo(first.stream().map(Call::batch).toList());
        AtomicLong seq = new AtomicLong();
        await().until(() -> {
            calls.stream().filter(c -> !c.answer().isDone()).forEach(c -> c.succeed(seq.incrementAndGet()));
            return publisher.backlog() == 0;
        });
        assertThat(batchesNaming("E2")).as("every batch once in E2, in order").isSorted().doesNotHaveDuplicates();
        assertThat(calls.stream().filter(c -> c.epoch().equals("E1")).map(Call::batch).toList())
                .as("no call named the lost epoch after the first 16")
                .isEqualTo(first.stream().map(Call::batch).toList());
        assertThat(calls.stream().filter(c -> c.epoch().equals("E2")).mapToInt(Call::metrics).sum()).isEqualTo(20);
        assertThat(dropped.get()).isZero();
    }
}
