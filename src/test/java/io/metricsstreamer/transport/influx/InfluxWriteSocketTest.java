package io.metricsstreamer.transport.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.ingest.LineProtocolParser;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.Tokens;
import io.metricsstreamer.testing.WsTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import io.metricsstreamer.StreamerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /write} and {@code POST /api/v2/write} over real sockets, observed by a real WebSocket client. */
@Timeout(60)
class InfluxWriteSocketTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private TestServer server;
    private WsTestClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private void start(Consumer<StreamerConfig.Builder> tweak) {
        server = TestServer.start(b -> tweak.accept(b.batchSize(1)));
        client = server.streamer().getConfig().auth().authEnabled() ? null : server.connect();
    }

    private HttpResponse<String> write(String path, String body, Map<String, String> headers) {
        return write(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private HttpResponse<String> write(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(server.http(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        return TestServer.send(req.build());
    }

    @Test
    void aWriteIsAnsweredNoContentAndEachLineIsDeliveredAsAnEnvelope() {
        start(b -> { });
        HttpResponse<String> res = write("/write?db=loadtest&precision=ms", ""
                + "system,agent_id=gen-1,region=eu throughput_tps=120.5,requests_total=9000i,healthy=true "
                + "1700000000123\n"
                + "# a comment, then a blank line\n\n"
                + "system,agent_id=gen-2 throughput_tps=99,label=\"a \\\"quoted\\\" label\" 1700000000456\n", Map.of());

        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(res.body()).isEmpty();
        assertThat(res.headers().firstValue("content-type")).isEmpty();
        List<JsonNode> got = client.metrics(2);
        assertThat(got.get(0).path("metric_type").asText()).isEqualTo("system");
        assertThat(got.get(0).path("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.123000Z");
        assertThat(got.get(0).get("data")).isEqualTo(TestServer.parse("{\"throughput_tps\":120.5,"
                + "\"requests_total\":9000,\"healthy\":true,\"agent_id\":\"gen-1\",\"region\":\"eu\","
                + "\"measurement\":\"system\"}"));
        assertThat(got.get(1).get("data")).isEqualTo(TestServer.parse("{\"throughput_tps\":99,"
                + "\"label\":\"a \\\"quoted\\\" label\",\"agent_id\":\"gen-2\",\"measurement\":\"system\"}"));
        assertThat(got.get(1).path("seq").asLong()).isGreaterThan(got.get(0).path("seq").asLong());
        assertThat(server.statistics().path("total_line_protocol_points").asLong()).isEqualTo(2);
        assertThat(server.get("/metrics").body()).contains("metrics_streamer_line_protocol_points_total 2.0")
                .contains("metrics_streamer_load_tool_metrics_total 0.0");
    }

    @Test
    void theInfluxDb2EndpointTakesItsParametersAndEveryPrecision() {
        start(b -> { });
        for (String[] p : new String[][] {{"s", "1700000000"}, {"ms", "1700000000000"}, {"us", "1700000000000000"},
                {"ns", "1700000000000000000"}}) {
            HttpResponse<String> res = write("/api/v2/write?org=acme&bucket=k6&precision=" + p[0],
                    "system value=1 " + p[1], Map.of());
            assertThat(res.statusCode()).as(p[0]).isEqualTo(204);
            assertThat(client.metrics(1).get(0).path("timestamp").asText()).as(p[0])
                    .isEqualTo("2023-11-14T22:13:20.000000Z");
        }
        Instant before = Instant.now();
        assertThat(write("/write", "system value=2", Map.of()).statusCode()).isEqualTo(204);
        Instant stamped = Instant.parse(client.metrics(1).get(0).path("timestamp").asText());
        assertThat(stamped).as("a point without a timestamp gets the server's clock")
                .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    }

    @Test
    void aMalformedLineRefusesTheWholeWriteNamingItsLineAndNothingIsPublished() {
        start(b -> { });
        long published = server.statistics().path("total_metrics_published").asLong();
        HttpResponse<String> res = write("/write", "system a=1\nsystem b=2\nsystem c=\n", Map.of());

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode error = TestServer.parse(res.body());
        assertThat(error.path("code").asText()).isEqualTo("invalid");
        assertThat(error.path("message").asText()).startsWith("line 3, column 10:");
        assertThat(client.staysQuiet(QUIET)).isTrue();
        assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(published);
    }

    @Test
    void aMeasurementNothingMapsIsRefusedNamingTheOptionsThatWouldMapIt() {
        start(b -> { });
        HttpResponse<String> res = write("/write", "system a=1\ncpu,host=db1 usage_idle=97.5\n", Map.of());

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(TestServer.parse(res.body()).path("message").asText())
                .isEqualTo("line 2: no metric type for measurement 'cpu': map it with --influx-map "
                        + "MEASUREMENT=TYPE, or set --influx-default-type");
        assertThat(client.staysQuiet(QUIET)).isTrue();
    }

    @Test
    void mapTheDefaultTypeAndTheAgentTagComeFromTheOptions() {
        start(b -> b.extraMetricTypes(List.of("telegraf", "probe")).influx(new InfluxConfig(
                Map.of("http_check", "probe"), "telegraf", "host", true)));
        // Telegraf's shapes, from its documentation (the cpu input; the http_response input).
        HttpResponse<String> res = write("/write?db=telegraf", ""
                + "cpu,cpu=cpu-total,host=db1 usage_idle=97.5,usage_user=1.25 1700000000000000000\n"
                + "http_check,host=web1,server=http://example.com result_code=0i,http_response_code=200i "
                + "1700000000000000000\n", Map.of());

        assertThat(res.statusCode()).isEqualTo(204);
        List<JsonNode> got = client.metrics(2);
        assertThat(got).extracting(e -> e.path("metric_type").asText()).containsExactly("telegraf", "probe");
        assertThat(got.get(0).get("data").path("agent_id").asText()).isEqualTo("db1");
        assertThat(got.get(1).get("data").path("agent_id").asText()).isEqualTo("web1");
        assertThat(got.get(1).get("data").path("http_response_code").isIntegralNumber()).isTrue();
    }

    @Test
    void gzipBodiesAreInflatedAndCorruptOrOversizedOnesRefused() {
        start(b -> { });
        assertThat(write("/write", gzip("system a=1\nsystem a=2\n"), Map.of("Content-Encoding", "gzip"))
                .statusCode()).isEqualTo(204);
        assertThat(client.metrics(2)).extracting(e -> e.get("data").path("a").asInt()).containsExactly(1, 2);

        HttpResponse<String> corrupt = write("/write", "not gzip at all".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Encoding", "gzip"));
        assertThat(corrupt.statusCode()).isEqualTo(400);
        assertThat(TestServer.parse(corrupt.body()).path("message").asText()).startsWith("the body is not valid gzip");

        // A small body that inflates past the limit: refused without inflating it all.
        byte[] bomb = gzip("system a=1\n".repeat(LineProtocolParser.MAX_BODY_BYTES / 11 + 10));
        assertThat(bomb.length).isLessThan(64 * 1024);
        HttpResponse<String> big = write("/write", bomb, Map.of("Content-Encoding", "gzip"));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(TestServer.parse(big.body()).path("code").asText()).isEqualTo("too large");

        HttpResponse<String> brotli = write("/write", "system a=1", Map.of("Content-Encoding", "br"));
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(client.staysQuiet(QUIET)).isTrue();
    }

    @Test
    void aWriteMayHoldSecondsOfALoadToolsSamplesPastTheJsonEndpointsLimit() {
        start(b -> { });
        long published = server.statistics().path("total_metrics_published").asLong();
        String line = "system,agent_id=gen-1 throughput_tps=120.5,requests_total=9000i,label=\"%s\"\n";
        StringBuilder body = new StringBuilder();
        int lines = 0;
        while (body.length() <= 2 * IngestParser.MAX_BODY_BYTES) {
            body.append(String.format(line, "x".repeat(200)));
            lines++;
        }
        HttpResponse<String> res = write("/write", body.toString(), Map.of());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(204);
        assertThat(server.statistics().path("total_metrics_published").asLong() - published).isEqualTo(lines);

        String tooBig = "system a=1\n".repeat(LineProtocolParser.MAX_BODY_BYTES / 11 + 1);
        HttpResponse<String> refused = write("/write", tooBig, Map.of());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(TestServer.parse(refused.body()).path("error").asText()).contains("8 MiB");
        HttpResponse<String> json = write("/api/metrics", "[" + "{\"metric_type\":\"system\",\"data\":{}},"
                .repeat(IngestParser.MAX_BODY_BYTES / 30) + "{\"metric_type\":\"system\",\"data\":{}}]", Map.of());
        assertThat(json.statusCode()).as("the JSON endpoint keeps its own limit").isEqualTo(413);
    }

    @Test
    void aBadPrecisionOrMethodIsRefusedAndPingAndCreateDatabaseAnswer() {
        start(b -> { });
        HttpResponse<String> res = write("/write?precision=fortnights", "system a=1", Map.of());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(TestServer.parse(res.body()).path("message").asText()).contains("precision must be one of");
        assertThat(server.get("/write").statusCode()).isEqualTo(405);
        assertThat(server.get("/ping").statusCode()).isEqualTo(204);
        HttpResponse<String> create = server.get("/query?q=CREATE+DATABASE+%22k6%22");
        assertThat(create.statusCode()).isEqualTo(200);
        assertThat(TestServer.parse(create.body())).isEqualTo(TestServer.parse("{\"results\":[{\"statement_id\":0}]}"));
        HttpResponse<String> form = write("/query", "q=create+database+%22perf%22",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.statusCode()).isEqualTo(200);
        HttpResponse<String> select = server.get("/query?q=SELECT+*+FROM+cpu");
        assertThat(select.statusCode()).isEqualTo(400);
        assertThat(TestServer.parse(select.body()).path("error").asText()).contains("CREATE DATABASE");
        assertThat(client.staysQuiet(QUIET)).isTrue();
    }

    @Test
    void withAuthenticationTheTokenComesTheWaysInfluxDbClientsSendIt() {
        start(b -> b.authJwtSecret(Tokens.SECRET));
        client = WsTestClient.connect(server.wsUri(), Map.of("Authorization", "Bearer " + Tokens.hs256("viewer")));
        String publisher = Tokens.hs256("jmeter", Instant.now().plusSeconds(600), b -> b.claim("publish", true));
        String basic = Base64.getEncoder().encodeToString(("k6:" + publisher).getBytes(StandardCharsets.UTF_8));

        assertThat(write("/api/v2/write?org=o&bucket=b", "system via=1", Map.of("Authorization", "Token " + publisher))
                .statusCode()).isEqualTo(204);
        assertThat(write("/write?db=k6", "system via=2", Map.of("Authorization", "Basic " + basic)).statusCode())
                .isEqualTo(204);
        assertThat(write("/write?db=k6&u=k6&p=" + publisher, "system via=3", Map.of()).statusCode()).isEqualTo(204);
        assertThat(write("/write", "system via=4", Map.of("Authorization", "Bearer " + publisher)).statusCode())
                .isEqualTo(204);
        assertThat(client.metrics(4)).extracting(e -> e.get("data").path("via").asInt()).containsExactly(1, 2, 3, 4);

        assertThat(write("/write", "system via=5", Map.of()).statusCode()).isEqualTo(401);
        assertThat(write("/write", "system via=6", Map.of("Authorization", "Token not-a-token")).statusCode())
                .isEqualTo(401);
        assertThat(write("/write", "system via=7", Map.of("Authorization", "Token " + Tokens.hs256("viewer")))
                .statusCode()).isEqualTo(403);
        assertThat(client.staysQuiet(QUIET)).isTrue();
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
