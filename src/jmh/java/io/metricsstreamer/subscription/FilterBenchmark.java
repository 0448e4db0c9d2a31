package io.metricsstreamer.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricsstreamer.delivery.BenchData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The filter projection: fields on an object, agent ids on an array; and a whole filtered view as the fan-out makes
 * it, from the published data's bytes to the view's bytes: through a tree (parse, filter, encode) and on the token
 * stream ({@link DataFilterBytes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonNode system;
    private JsonNode agents;
    private Filters fields;
    private Filters agentIds;
    private byte[] systemJson;
    private byte[] agentsJson;
    private final List<Filters> tenViews = new ArrayList<>();

    @Setup
    public void setUp() throws Exception {
        system = BenchData.systemRecord(1);
        agents = BenchData.agentArray(8);
        systemJson = MAPPER.writeValueAsBytes(system);
        agentsJson = MAPPER.writeValueAsBytes(agents);
        List<String> names = new ArrayList<>();
        system.fieldNames().forEachRemaining(names::add);
        for (int i = 0; i < 10; i++) {
            tenViews.add(Filters.of(null, List.of("sent_us", names.get(i % names.size()), "error_rate")));
        }
        fields = Filters.of(null, List.of("throughput_tps", "p99_response_time_ms", "error_rate", "sent_us"));
        agentIds = Filters.of(List.of("agent_2", "agent_5"), null);
    }

    /** Keep 4 of 17 fields of a system record. */
    @Benchmark
    public JsonNode projectFields() {
        return DataFilter.apply(system, fields);
    }

    /** Keep 2 of 8 agent records. */
    @Benchmark
    public JsonNode filterAgents() {
        return DataFilter.apply(agents, agentIds);
    }

    /** A view keeping 4 of 17 fields, from bytes to bytes through a tree. */
    @Benchmark
    public byte[] projectFieldsViewFromTree() throws Exception {
        return MAPPER.writeValueAsBytes(DataFilter.apply(MAPPER.readTree(systemJson), fields));
    }

    /** The same view on the token stream. */
    @Benchmark
    public byte[] projectFieldsViewFromBytes() {
        return DataFilterBytes.apply(systemJson, fields);
    }

    /** A view keeping 2 of 8 agent records, from bytes to bytes through a tree. */
    @Benchmark
    public byte[] filterAgentsViewFromTree() throws Exception {
        return MAPPER.writeValueAsBytes(DataFilter.apply(MAPPER.readTree(agentsJson), agentIds));
    }

    /** The same view on the token stream. */
    @Benchmark
    public byte[] filterAgentsViewFromBytes() {
        return DataFilterBytes.apply(agentsJson, agentIds);
    }

    /** Ten views of 4 of 17 fields (each another field set) of one metric, through one tree. */
    @Benchmark
    public int tenViewsFromTree() throws Exception {
        JsonNode tree = MAPPER.readTree(systemJson);
        int bytes = 0;
        for (Filters f : tenViews) {
            bytes += MAPPER.writeValueAsBytes(DataFilter.apply(tree, f)).length;
        }
        return bytes;
    }

    /** The same ten views cut from one index of the bytes. */
    @Benchmark
    public int tenViewsFromBytes() {
        DataFilterBytes.Index index = DataFilterBytes.index(systemJson);
        int bytes = 0;
        for (Filters f : tenViews) {
            bytes += DataFilterBytes.apply(index, f).length;
        }
        return bytes;
    }
}
