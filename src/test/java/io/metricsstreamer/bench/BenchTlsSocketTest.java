package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.cli.Main;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The bench against a TLS server: its WebSocket clients, publisher and probes speak {@code wss://} and
 * {@code https://}, taking the server's throwaway certificate, with either engine on either side;
 * {@code bench --tls} starts its servers with one (and {@code --tls-engine}).
 */
@Timeout(60)
class BenchTlsSocketTest {
    private final List<String> out = new ArrayList<>();

    @ParameterizedTest(name = "server {0}, clients {1}")
    @CsvSource({"OPENSSL, OPENSSL", "JDK, JDK", "JDK, OPENSSL"})
    void aTinyFanOutOverTlsReceivesEveryPublishedMetricInOrder(TlsEngine serverEngine, TlsEngine clients)
            throws Exception {
        Workload tiny = Workload.W1.with(10, 200.0, 1.0, 0.5, false);
        try (TestServer server = TestServer.start(b -> b.tlsSelfSigned(true).tlsEngine(serverEngine))) {
            Bench.Settings settings = new Bench.Settings(List.of(tiny), server.wsUri(), server.http("/"), -1,
                    new ServerLaunch(null, List.of(), null, false, clients), 2, 2, 10, null);

            RunResult r = new Bench(settings, out::add).runAll().get(0);

            assertThat(r.asMap().get("tls")).isEqualTo(Boolean.TRUE);
            assertThat(r.text("tls_engine_server")).isEqualTo(serverEngine.optionValue());
            assertThat(r.text("tls_engine_clients")).isEqualTo(clients.optionValue());
            assertThat(r.count("clients_ready")).isEqualTo(10);
            assertThat(r.count("post_errors")).isZero();
            assertThat(r.count("published")).isBetween(100L, 310L);
            assertThat(r.count("received")).isEqualTo(r.count("published") * 10);
            assertThat(r.count("out_of_order")).isZero();
            assertThat(r.count("lat_n")).isPositive();
            assertThat(server.streamer().getStatistics().totalTlsHandshakeFailures()).isZero();
            assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(r.count("published"));
        }
        assertThat(out).anySatisfy(l -> assertThat(l).contains("clients").contains(", TLS (server "
                + serverEngine.optionValue() + ", clients " + clients.optionValue() + ")"));
    }

    @Test
    @SuppressWarnings("try") // the stuck clients are only held open
    void stuckClientsUpgradeOverTlsToo() {
        try (TestServer server = TestServer.start(b -> b.tlsSelfSigned(true));
             StuckClients stuck = StuckClients.open(server.wsUri(), 2)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 2);
        }
    }

    @Test
    void benchTlsStartsItsServersSelfSignedAndARunningServerIsToldByItsUrls() {
        List<String> cmd = ServerProcess.command(Workload.W1, new ServerLaunch(null, List.of(), null, true,
                TlsEngine.AUTO));
        assertThat(String.join(" ", cmd)).endsWith("--max-clients 20000 --tls-self-signed");
        assertThat(String.join(" ", ServerProcess.command(Workload.W1, new ServerLaunch(null, List.of(), null, true,
                TlsEngine.JDK)))).endsWith("--max-clients 20000 --tls-self-signed --tls-engine jdk");
        assertThat(String.join(" ", ServerProcess.command(Workload.W1, ServerLaunch.DEFAULT)))
                .doesNotContain("--tls");
        assertThat(ServerProcess.local("wss://0.0.0.0:8765/").toString()).isEqualTo("wss://127.0.0.1:8765/");

        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("bench", "--tls", "--http", "https://127.0.0.1:1/")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls is for the servers the bench starts");
    }
}
