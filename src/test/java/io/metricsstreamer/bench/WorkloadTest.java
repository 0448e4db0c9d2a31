package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.subscription.DataFilter;
import io.metricsstreamer.subscription.Filters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The workload definitions (as in shared/bench/compare.py, plus W5-W7), W5's filters and the published bodies. */
class WorkloadTest {
    @Test
    void theWorkloadsMatchTheSharedHarness() {
        assertThat(Workload.ALL).extracting(Workload::name)
                .containsExactly("W0", "W1", "W2", "W3", "W4", "W5", "W6", "W7");
        assertDefinition(Workload.W0, 500, 100, 10, 1);
        assertDefinition(Workload.W1, 1000, 1000, 15, 1);
        assertDefinition(Workload.W2, 1000, 5000, 15, 10);
        assertDefinition(Workload.W3, 10_000, 10, 10, 1);
        assertDefinition(Workload.W4, 500, 1000, 4, 10);
        assertDefinition(Workload.W5, 1000, 5000, 15, 10);
        assertThat(Workload.ALL).filteredOn(w -> w != Workload.W7)
                .allSatisfy(w -> assertThat(w.warmupS()).isEqualTo(5));
        assertThat(Workload.ALL).filteredOn(w -> w != Workload.W6)
                .allSatisfy(w -> assertThat(w.batchTimeoutS()).isEqualTo(0.05));
        assertThat(Workload.W3.settleS()).isEqualTo(3);
        assertThat(Workload.W4.drainS()).isEqualTo(3);
        assertThat(Workload.W4.saturation()).isTrue();
        assertThat(Workload.W5.filtered()).isTrue();
        assertThat(Workload.ALL).filteredOn(Workload::saturation).containsExactly(Workload.W4);
        assertThat(Workload.ALL).filteredOn(Workload::filtered).containsExactly(Workload.W5);
    }

    @Test
    void w6IsLargeMetricsBatchedAsTheIssueServerWasWithAClientThatReadsNothing() {
        assertDefinition(Workload.W6, 50, 40, 15, 10);
        assertThat(Workload.W6.batchTimeoutS()).isEqualTo(0.5);
        assertThat(Workload.W6.padBytes()).isEqualTo(50_000);
        assertThat(Workload.W6.stuckClients()).isEqualTo(1);
        assertThat(Workload.W6.maxPerPost()).as("bodies under the 1 MiB limit").isEqualTo(17);
        assertThat(Workload.W1.maxPerPost()).isEqualTo(Publisher.MAX_PER_POST);
        assertThat(Workload.ALL).filteredOn(w -> w.padBytes() > 0 || w.stuckClients() > 0)
                .containsExactly(Workload.W6);
    }

    @Test
    void w7ReplaysAHistoryOf100000MetricsAtConnectWhilePublishingGoesOnAtW2sRateAndBatching() {
        assertDefinition(Workload.W7, 100, 5000, 10, 10);
        assertThat(Workload.W7.batchTimeoutS()).isEqualTo(Workload.W2.batchTimeoutS());
        assertThat(Workload.W7.historyFill()).isEqualTo(100_000);
        assertThat(Workload.W7.replays()).isTrue();
        assertThat(Workload.ALL).filteredOn(Workload::replays).containsExactly(Workload.W7);
        assertThat(Workload.W2.serverOptions()).isEmpty();
        assertThat(Workload.W2.serverJvmArgs()).isEmpty();
        assertThat(Workload.W7.serverJvmArgs()).containsExactly("-Xmx1g");
        assertThat(Workload.W7.summary()).contains("100 clients", "replaying a history of 100000 metrics");
        Workload more = Workload.W7.with(500, null, null, 30.0, false);
        assertThat(more.clients()).isEqualTo(500);
        assertThat(more.historyFill()).isEqualTo(100_000);
        assertThat(more.serverOptions()).containsSequence("--history-size", "950000");
        assertThat(Workload.W7.atRate(100).historyFill()).isEqualTo(100_000);
    }

    @Test
    void aPaddedSystemEnvelopeCarriesThePadAsItsDatasFirstField() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        MetricBodies.system(sb, 7, "2026-11-25T12:00:00Z", 42, 0);
        MetricBodies.pad(sb, "x".repeat(50_000));
        JsonNode envelope = Json.mapper().readTree(sb.append(']').toString()).get(0);

        assertThat(envelope.get("data").fieldNames().next()).isEqualTo("pad");
        assertThat(envelope.get("data").get("pad").asText()).hasSize(50_000);
        assertThat(envelope.get("data").get("sent_us").asLong()).isEqualTo(42);
    }

    private static void assertDefinition(Workload w, int clients, double rate, double duration, int batch) {
        assertThat(w.clients()).as(w.name() + " clients").isEqualTo(clients);
        assertThat(w.rate()).as(w.name() + " rate").isEqualTo(rate);
        assertThat(w.durationS()).as(w.name() + " duration").isEqualTo(duration);
        assertThat(w.batchSize()).as(w.name() + " batch").isEqualTo(batch);
    }

    @Test
    void listsAreParsedCaseInsensitivelyWithoutDuplicates() {
        assertThat(Workload.parseList("w2, W0,W2")).containsExactly(Workload.W2, Workload.W0);
        assertThat(Workload.parseList("")).isEqualTo(Workload.ALL);
        assertThatThrownBy(() -> Workload.parseList("W0,W9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("W9").hasMessageContaining("W7");
    }

    @Test
    void quickCapsTheWindowsAndOverridesWin() {
        Workload quick = Workload.W1.with(null, null, null, null, true);
        assertThat(quick.durationS()).isEqualTo(Workload.QUICK_DURATION_S);
        assertThat(quick.warmupS()).isEqualTo(Workload.QUICK_WARMUP_S);
        assertThat(quick.clients()).isEqualTo(1000);

        Workload custom = Workload.W0.with(20, 200.0, 1.0, 0.5, true);
        assertThat(custom).extracting(Workload::clients, Workload::rate, Workload::durationS, Workload::warmupS)
                .containsExactly(20, 200.0, 1.0, 0.5);
        assertThat(Workload.W4.atRate(2000).rate()).isEqualTo(2000);
        assertThat(Workload.W4.summary()).contains("500 clients").contains("batch_size 10");
    }

    @Test
    void w5HasTenDistinctFiltersAndEveryViewStillDeliversEveryMetricWithOneSentUs() throws Exception {
        assertThat(FilterMix.VIEWS).isEqualTo(10);
        Set<Filters> views = new HashSet<>();
        StringBuilder sb = new StringBuilder();
        MetricBodies.agents(sb, 12_345, "2026-11-25T12:00:00Z", 987_654_321L, 12);
        JsonNode data = Json.mapper().readTree(sb.toString()).get("data");
        for (String message : FilterMix.FILTERS) {
            JsonNode msg = Json.mapper().readTree(message);
            assertThat(msg.get("type").asText()).isEqualTo("set_filters");
            JsonNode fields = msg.get("filters").get("fields");
            if (fields != null) {
                assertThat(fields.toString()).as(message).contains("\"sent_us\"", "\"skipped_offers\"");
            }
            Filters filters = Filters.of(list(msg.get("filters").get("agent_ids")), list(fields));
            views.add(filters);

            JsonNode view = DataFilter.apply(data, filters);

            assertThat(view).as("view of %s", message).isNotNull();
            assertThat(count(view.toString(), "\"sent_us\":987654321")).as(message).isEqualTo(1);
            assertThat(count(view.toString(), "\"skipped_offers\":12")).as(message).isEqualTo(1);
            assertThat(view.toString()).as(message).doesNotContain("\"seq\"");
        }
        assertThat(views).hasSize(10);
        assertThat(FilterMix.forClient(13)).isEqualTo(FilterMix.FILTERS.get(3));
    }

    private static List<String> list(JsonNode array) {
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void systemBodiesAreLikeTheHarnessRecords() throws Exception {
        StringBuilder sb = new StringBuilder();
        MetricBodies.system(sb, 999_999, "2026-11-25T12:00:00Z", 42, 0);

        JsonNode env = Json.mapper().readTree(sb.toString());

        assertThat(env.get("metric_type").asText()).isEqualTo("system");
        JsonNode data = env.get("data");
        List<String> numeric = new ArrayList<>();
        data.properties().forEach(e -> {
            if (e.getValue().isNumber() && !"sent_us".equals(e.getKey())) {
                numeric.add(e.getKey());
            }
        });
        assertThat(numeric).as("as in lg.c: 15 numeric fields and the timestamp, plus sent_us").hasSize(15);
        assertThat(data.size()).isEqualTo(17);
        assertThat(data.get("sent_us").asLong()).isEqualTo(42);
        assertThat(sb.toString().getBytes(StandardCharsets.UTF_8).length).isBetween(450, 600);
        assertThat(sb.toString()).doesNotContain("\"seq\"");
    }

    @Test
    void theDemoMixIsTheDemosTrafficInItsProportionsEachEnvelopeWithOneSentUs() throws Exception {
        DemoMix mix = DemoMix.get();
        Map<String, Integer> types = new TreeMap<>();
        for (int i = 0; i < mix.size(); i++) {
            StringBuilder sb = new StringBuilder();
            mix.append(sb, i, 1_000 + i, i == 3 ? 7 : 0);
            JsonNode env = Json.mapper().readTree(sb.toString());
            types.merge(env.get("metric_type").asText(), 1, Integer::sum);
            JsonNode data = env.get("data");
            JsonNode first = data.isArray() ? data.get(0) : data;
            assertThat(first.get("sent_us").asLong()).isEqualTo(1_000 + i);
            assertThat(count(sb.toString(), "\"sent_us\"")).isEqualTo(1);
            assertThat(sb.toString()).doesNotContain("\"seq\"").doesNotContain("\"dropped\"");
            if (i == 3) {
                assertThat(first.get("skipped_offers").asLong()).isEqualTo(7);
            }
        }
        int rounds = DemoMix.TICKS / 8;
        assertThat(types).containsExactly(Map.entry("agent", 2 * rounds),
                Map.entry("business", 2 * rounds), Map.entry("hero", 2 * rounds),
                Map.entry("presentation", rounds), Map.entry("system", 8 * rounds));
        StringBuilder wrapped = new StringBuilder();
        mix.append(wrapped, mix.size() + 1, 5, 0);
        StringBuilder second = new StringBuilder();
        mix.append(second, 1, 5, 0);
        assertThat(wrapped.toString()).as("round and round").isEqualTo(second.toString());
        assertThat(Workload.W1.with(true, MetricMix.DEMO).summary()).endsWith(", the demo's metrics, clients offering "
                + "permessage-deflate");
        assertThat(Workload.W1.with(true, MetricMix.DEMO).atRate(5).mix()).isEqualTo(MetricMix.DEMO);
    }

    @Test
    void fixedDecimalsArePadded() {
        StringBuilder sb = new StringBuilder();
        MetricBodies.fixed(sb, 1205, 2);
        sb.append(' ');
        MetricBodies.fixed(sb, 7, 3);
        assertThat(sb).hasToString("12.05 0.007");
    }
}
