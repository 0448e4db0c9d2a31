package io.metricsstreamer.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricsstreamer.delivery.BenchData;
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

    @Setup
    public void setUp() throws Exception {
        system = BenchData.systemRecord(1);
        agents = BenchData.agentArray(8);
        systemJson = MAPPER.writeValueAsBytes(system);
        agentsJson = MAPPER.writeValueAsBytes(agents);
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
}
