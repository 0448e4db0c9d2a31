package io.metricsstreamer.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.RecordingOutbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One client session on a manual clock with a recording socket, and helpers to publish metrics to it. */
final class DeliveryFixture {
    static final MetricTypes TYPES = MetricTypes.builtIns();
    static final String TIMESTAMP = "2024-01-01T12:00:00.000000Z";
    static final Duration SLOW = Duration.ofSeconds(10);

    final ManualScheduler loop = new ManualScheduler();
    final RecordingOutbound out = new RecordingOutbound();
    final ServerStats stats = new ServerStats();
    final LoopDeliveryState loopState = new LoopDeliveryState();
    private final ClientMessageParser parser = new ClientMessageParser(TYPES);
    private long seq;

    static DeliveryConfig config(int batchSize, Duration batchTimeout, int maxPending) {
        return new DeliveryConfig(batchSize, batchTimeout.toNanos(), maxPending, SLOW.toNanos());
    }

    ClientSession session(DeliveryConfig config) {
        return new ClientSession("client_1", out, loop, config, TYPES, stats);
    }

    ClientSession session(int batchSize, Duration batchTimeout) {
        return session(config(batchSize, batchTimeout, 10_000));
    }

    /** A published metric of {@code type} whose data is {@code {"n": seq}}. */
    PublishedMetric metric(String type) {
        return metric(type, "{\"n\":" + (seq + 1) + "}");
    }

    /** A published metric with the next seq. */
    PublishedMetric metric(String type, String data) {
        return PublishedMetric.encode(++seq, TYPES.require(type), TIMESTAMP, json(data));
    }

    /** Offers metrics in one loop task, as a hub shard does: offer each, then flush writes once. */
    void offer(ClientSession session, PublishedMetric... metrics) {
        for (PublishedMetric m : metrics) {
            session.offer(m, loopState);
        }
        session.flushWrites();
    }

    /** Offers {@code count} new metrics of {@code type} in one task and returns them. */
    List<PublishedMetric> offerNew(ClientSession session, String type, int count) {
        List<PublishedMetric> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(metric(type));
        }
        offer(session, made.toArray(new PublishedMetric[0]));
        return made;
    }

    /** Hands a client's text frame to the session as the transport does: parsed, then applied or refused. */
    void send(ClientSession session, String text) {
        try {
            session.onMessage(parser.parse(text));
        } catch (ProtocolException e) {
            session.onRefused(e);
        }
    }

    /** The seq of each envelope in a delivery frame, in order. */
    static List<Long> seqs(JsonNode delivery) {
        List<Long> out = new ArrayList<>();
        for (JsonNode envelope : envelopes(delivery)) {
            out.add(envelope.get("seq").longValue());
        }
        return out;
    }

    /** The seqs of every delivery, concatenated in order. */
    static List<Long> allSeqs(List<JsonNode> deliveries) {
        List<Long> out = new ArrayList<>();
        deliveries.forEach(d -> out.addAll(seqs(d)));
        return out;
    }

    /** The envelopes of a {@code metric_update} (one) or {@code metric_batch}. */
    static List<JsonNode> envelopes(JsonNode delivery) {
        List<JsonNode> out = new ArrayList<>();
        switch (delivery.get("type").textValue()) {
            case "metric_update" -> out.add(delivery.get("data"));
            case "metric_batch" -> delivery.get("data").forEach(out::add);
            default -> throw new AssertionError("not a delivery: " + delivery);
        }
        return out;
    }

    static List<Long> seqsOf(List<PublishedMetric> metrics) {
        return metrics.stream().map(PublishedMetric::seq).toList();
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
