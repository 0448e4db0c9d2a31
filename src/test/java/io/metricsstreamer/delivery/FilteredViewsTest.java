package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.testing.RecordingOutbound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encode once per distinct filter set: equal filters share one encoding. */
class FilteredViewsTest {
    private static final String AGENTS = "[{\"agent_id\":\"a1\",\"load\":1},{\"agent_id\":\"a2\",\"load\":2}]";

    private final DeliveryFixture f = new DeliveryFixture();
    private final FilteredViews views = new FilteredViews();

    @Test
    void unfilteredClientsShareThePublishedEncoding() {
        PublishedMetric m = f.metric("agent", AGENTS);

        assertThat(views.view(m, Filters.NONE)).isSameAs(m.encoded());
        assertThat(views.encodings()).isZero();
    }

    @Test
    void equalFiltersAreEncodedOnceAndShared() {
        PublishedMetric m = f.metric("agent", AGENTS);

        EncodedMetric first = views.view(m, Filters.of(List.of("a1", "a2"), List.of("load")));
        EncodedMetric second = views.view(m, Filters.of(List.of("a2", "a1", "a1"), List.of("load")));

        assertThat(second).isSameAs(first);
        assertThat(views.encodings()).isEqualTo(1);
    }

    @Test
    void distinctFiltersAreEncodedSeparately() {
        PublishedMetric m = f.metric("agent", AGENTS);

        EncodedMetric onlyA1 = views.view(m, Filters.of(List.of("a1"), null));
        EncodedMetric onlyA2 = views.view(m, Filters.of(List.of("a2"), null));

        assertThat(views.encodings()).isEqualTo(2);
        assertThat(envelopeData(onlyA1)).isEqualTo(json("[{\"agent_id\":\"a1\",\"load\":1}]"));
        assertThat(envelopeData(onlyA2)).isEqualTo(json("[{\"agent_id\":\"a2\",\"load\":2}]"));
        assertThat(onlyA1.seq()).isEqualTo(m.seq());
    }

    @Test
    void aViewThatDeliversNothingIsNullAndRememberedToo() {
        PublishedMetric m = f.metric("agent", AGENTS);
        Filters nobody = Filters.of(List.of("a9"), null);

        assertThat(views.view(m, nobody)).isNull();
        assertThat(views.view(m, nobody)).isNull();
        assertThat(views.encodings()).isEqualTo(1);
    }

    @Test
    void theNextMetricIsEncodedAfresh() {
        Filters filters = Filters.of(null, List.of("load"));
        PublishedMetric first = f.metric("system", "{\"load\":1,\"cpu\":2}");
        PublishedMetric second = f.metric("system", "{\"load\":3,\"cpu\":4}");

        EncodedMetric a = views.view(first, filters);
        EncodedMetric b = views.view(second, filters);

        assertThat(views.encodings()).isEqualTo(2);
        assertThat(envelopeData(a)).isEqualTo(json("{\"load\":1}"));
        assertThat(envelopeData(b)).isEqualTo(json("{\"load\":3}"));
        assertThat(b.seq()).isEqualTo(second.seq());
    }

    @Test
    void equalFiltersFromDifferentClientsEncodeOnce() {
        RecordingOutbound otherOut = new RecordingOutbound();
        DeliveryConfig config = DeliveryFixture.config(1, Duration.ofSeconds(1), 100);
        ClientSession one = f.session(config);
        ClientSession two = new ClientSession("client_2", otherOut, f.loop, config, DeliveryFixture.TYPES, f.stats);
        f.send(one, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":[\"load\"]}}");
        f.send(two, "{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"load\"],\"agent_ids\":[\"a1\",\"a1\"]}}");

        PublishedMetric m = f.metric("agent", AGENTS);
        one.offer(m, f.loopState);
        two.offer(m, f.loopState);

        assertThat(f.loopState.viewEncodings()).isEqualTo(1);
        assertThat(f.out.deliveries()).isEqualTo(otherOut.deliveries()).hasSize(1);
        assertThat(f.out.deliveries().get(0).get("data").get("data"))
                .isEqualTo(json("[{\"agent_id\":\"a1\",\"load\":1}]"));
    }

    @Test
    void fieldsPerTypeProjectTheirTypeAndShareThePublishedEncodingOfOthers() {
        Filters filters = Filters.of(null, null, Map.of(DeliveryFixture.TYPES.require("system"), List.of("load")));
        PublishedMetric system = f.metric("system", "{\"load\":1,\"cpu\":2}");
        PublishedMetric agent = f.metric("agent", AGENTS);

        assertThat(envelopeData(views.view(system, filters))).isEqualTo(json("{\"load\":1}"));
        assertThat(views.view(agent, filters)).isSameAs(agent.encoded());
        assertThat(FilteredViews.viewOnce(agent, filters)).isSameAs(agent.encoded());
        assertThat(envelopeData(FilteredViews.viewOnce(system, filters))).isEqualTo(json("{\"load\":1}"));
        assertThat(views.encodings()).isEqualTo(1);
    }

    private static JsonNode envelopeData(EncodedMetric m) {
        String envelope = new String(m.frame(), m.envelopeOffset(), m.envelopeLength(),
                StandardCharsets.UTF_8);
        return json(envelope).get("data");
    }
}
