package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowNodeBuilderTest {

    @Test
    void shouldEqualThePositionalRecordWhenEveryValueIsSet() {
        FlowNode built = FlowNode.builder()
                .nodeId("gateway")
                .nodeType("ingress")
                .status("healthy")
                .throughput(1.5)
                .latencyMs(2.5)
                .position(List.of(3.0, 4.0))
                .build();
        FlowNode positional = new FlowNode("gateway", "ingress", "healthy", 1.5, 2.5, List.of(3.0, 4.0));

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldWriteAnXyPositionAsATwoElementList() {
        assertThat(mandatoryOnly().position(3, 4).build().position()).containsExactly(3.0, 4.0);
    }

    @Test
    void shouldLeaveNumbersAtZeroAndThePositionEmpty() {
        assertThat(mandatoryOnly().build()).isEqualTo(new FlowNode("n", "agent", "healthy", 0, 0, List.of()));
    }

    @Test
    void shouldWriteExactlyTheContractKeys() {
        assertThat(keys(mandatoryOnly().build())).containsExactlyInAnyOrder("node_id", "node_type", "status",
                "throughput", "latency_ms", "position");
        assertThat(tree(mandatoryOnly().build()).get("position").isArray()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"nodeId, node_id", "nodeType, node_type", "status, status"})
    void shouldRefuseToBuildWithoutAMandatoryValueNamingIt(String component, String jsonName) {
        FlowNode.Builder builder = FlowNode.builder().throughput(10);
        if (!component.equals("nodeId")) {
            builder.nodeId("n");
        }
        if (!component.equals("nodeType")) {
            builder.nodeType("agent");
        }
        if (!component.equals("status")) {
            builder.status("healthy");
        }

        assertThatIllegalStateException().isThrownBy(builder::build)
                .withMessage("FlowNode." + component + " (" + jsonName + ") is required and was not set");
    }

    @Test
    void shouldKeepItsOwnCopyOfThePosition() {
        List<Double> position = new ArrayList<>(List.of(1.0, 2.0));
        FlowNode.Builder builder = mandatoryOnly().position(position);

        position.set(0, 9.0);

        assertThat(builder.build().position()).containsExactly(1.0, 2.0);
    }

    @Test
    void shouldRefuseNullsNamingWhatWasNull() {
        assertThatNullPointerException().isThrownBy(() -> FlowNode.builder().status(null))
                .withMessage("status must not be null");
        assertThatNullPointerException().isThrownBy(() -> FlowNode.builder().position(null))
                .withMessage("position must not be null");
        assertThatNullPointerException().isThrownBy(() -> FlowNode.builder().position(Arrays.asList(1.0, null)));
    }

    private static FlowNode.Builder mandatoryOnly() {
        return FlowNode.builder().nodeId("n").nodeType("agent").status("healthy");
    }
}
