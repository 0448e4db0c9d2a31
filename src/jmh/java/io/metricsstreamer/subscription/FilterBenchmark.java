package io.metricsstreamer.subscription;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The filter projection: fields on an object, agent ids on an array. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {
    private JsonNode system;
    private JsonNode agents;
    private Filters fields;
    private Filters agentIds;

    @Setup
    public void setUp() {
        system = BenchData.systemRecord(1);
        agents = BenchData.agentArray(8);
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
}
