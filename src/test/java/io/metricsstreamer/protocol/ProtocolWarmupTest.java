package io.metricsstreamer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolWarmupTest {
    private final ClientMessageParser parser = new ClientMessageParser(MetricTypes.builtIns());

    @Test
    void hasOneSampleOfEachClientMessageTypeInOrder() throws Exception {
        List<String> sampled = new ArrayList<>();
        for (String sample : ProtocolWarmup.SAMPLES) {
            sampled.add(Json.mapper().readTree(sample).get("type").textValue());
        }

        assertThat(sampled).isEqualTo(ClientMessageParser.MESSAGE_TYPES);
    }

    @Test
    void everySampleParsesToTheMessageItNames() throws ProtocolException {
        List<Class<?>> parsed = new ArrayList<>();
        for (String sample : ProtocolWarmup.SAMPLES) {
            parsed.add(parser.parse(sample).getClass());
        }

        assertThat(parsed).containsExactly(ClientMessage.Subscribe.class, ClientMessage.Unsubscribe.class,
                ClientMessage.SetFilters.class, ClientMessage.SetUpdateInterval.class,
                ClientMessage.SetAggregation.class, ClientMessage.ReplaySinceSeq.class, ClientMessage.Ping.class,
                ClientMessage.Refresh.class);
    }

    @Test
    void theMalformedSampleIsRefusedAsInvalidJson() {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> parser.parse(ProtocolWarmup.MALFORMED));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void runsWithAParserOfCustomTypesAndCanRunAgain() {
        ClientMessageParser custom = new ClientMessageParser(MetricTypes.of(List.of("latency_slo", "orders")));

        assertThatCode(() -> {
            ProtocolWarmup.run(custom);
            ProtocolWarmup.run(custom);
        }).doesNotThrowAnyException();
    }
}
