package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code bench} command line: help, and options refused before anything starts; /proc parsing. */
class BenchCommandTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("--workloads", "--url", "--http", "--quick", "--json", "--server-pid",
                "W5 filtered fan-out");
    }

    @Test
    void anUnknownWorkloadIsRefused() {
        assertThat(run("bench", "--workloads", "W0,W9")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown workload 'W9'");
    }

    @Test
    void aWebSocketUrlNeedsTheHttpUrl() {
        assertThat(run("bench", "--url", "ws://127.0.0.1:1/")).isEqualTo(2);
        assertThat(err.toString()).contains("--url needs --http");
    }

    @Test
    void aPublishFormatIsJsonOrInfluxAndInfluxOnlyForTheSystemRecords() {
        assertThat(run("bench", "--publish-format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("'xml' is not a publish format (valid, in any case: json, influx)");
        assertThat(run("bench", "--publish-format", "INFLUX", "--workloads", "W2,W5")).isEqualTo(2);
        assertThat(err.toString()).contains("--publish-format influx sends the system records only: not W5's");
    }

    @Test
    void theChildServerCommandCarriesTheWorkloadsBatching() {
        List<String> cmd = ServerProcess.command(Workload.W2, ServerLaunch.DEFAULT);
        assertThat(String.join(" ", cmd)).contains(String.join(" ", ServerProcess.LAUNCHER_JVM_ARGS) + " -cp ");
        assertThat(String.join(" ", cmd)).contains("io.metricsstreamer.cli.Main serve --host 127.0.0.1 --port 0 "
                + "--http-port 0 --batch-size 10 --batch-timeout 0.05 --max-clients 20000");
        List<String> shell = ServerProcess.command(Workload.W0, new ServerLaunch("node peer.js", List.of(), null));
        assertThat(shell).containsExactly("/bin/sh", "-c", "exec node peer.js --host 127.0.0.1 --port 0 --http-port 0 "
                + "--batch-size 1 --batch-timeout 0.05 --max-clients 20000");
        assertThat(ServerProcess.local("ws://0.0.0.0:8765/").toString()).isEqualTo("ws://127.0.0.1:8765/");
    }

    @Test
    void theChildServerAdmitsTheBenchsTenThousandClientsFromOneAddress() {
        ProcessBuilder pb = ServerProcess.processBuilder(ServerProcess.command(Workload.W3, ServerLaunch.DEFAULT));
        assertThat(pb.environment()).containsEntry("METRICS_STREAMER_MAX_CONNECTIONS_PER_ADDRESS", "20000");
        assertThat(Workload.W3.clients()).isLessThanOrEqualTo(20_000);
    }

    @Test
    void aReplayWorkloadsServerKeepsEveryMetricOfTheRunInALargerHeap() {
        String cmd = String.join(" ", ServerProcess.command(Workload.W7, ServerLaunch.DEFAULT));

        assertThat(cmd).contains(String.join(" ", ServerProcess.LAUNCHER_JVM_ARGS) + " -Xmx1g -cp ");
        // 100,000 filled, then 5,000/s for 120 s of replays, 2 s of warm-up, a 10 s window and 10 s of drain
        assertThat(cmd).endsWith("--max-clients 20000 --history-size 810000 --history-seconds 3600 "
                + "--history-bytes 768MiB");
        String shell = String.join(" ", ServerProcess.command(Workload.W7, new ServerLaunch("java -jar x.jar serve",
                List.of(), null)));
        assertThat(shell).endsWith("--history-bytes 768MiB").doesNotContain("-Xmx1g");
    }

    @Test
    void theChildServerRunsWithTheLaunchersJvmFlags() throws Exception {
        String launcher = Files.readString(Path.of("bin", "metrics-streamer"));
        assertThat(launcher)
                .contains("exec java " + String.join(" ", ServerProcess.LAUNCHER_JVM_ARGS) + " ${JAVA_OPTS");
    }

    @Test
    void aClusterIsStartedByTheBenchWithARedisAndEveryNodeIsGivenIt() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("--nodes", "--redis", "--redis-start");
        assertThat(run("bench", "--nodes", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes 2 needs a Redis for the nodes to share");
        assertThat(run("bench", "--http", "http://127.0.0.1:1/", "--redis-start")).isEqualTo(2);
        assertThat(err.toString()).contains("are for the servers the bench starts, not with --url/--http");
        assertThat(run("bench", "--nodes", "2", "--redis", "localhost:6379")).isEqualTo(2);
        assertThat(err.toString()).contains("--redis must be a URL redis://");
        assertThat(String.join(" ", ServerProcess.command(Workload.W2, ServerLaunch.DEFAULT,
                List.of("--redis", "redis://127.0.0.1:6379")))).endsWith("--max-clients 20000 --redis "
                + "redis://127.0.0.1:6379");
    }

    @Test
    void cpuTimeIsReadAfterTheCommandName() {
        String stat = "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 1 2 3";
        assertThat(ProcStats.parseCpuSeconds(stat)).isEqualTo(3.25);
    }
}
