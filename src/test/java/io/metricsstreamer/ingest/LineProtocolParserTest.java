package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC 13: the InfluxDB line protocol, point by point, against values written out in the test. */
class LineProtocolParserTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final MetricTypes TYPES = MetricTypes.of(List.of("custom"));

    /** Measurements that name no type go to {@code custom}, so most tests can name theirs freely. */
    private LineProtocolParser parser = new LineProtocolParser(new InfluxMapping(Map.of(), TYPES.require("custom"),
            InfluxMapping.DEFAULT_AGENT_TAG, TYPES));

    private List<MetricEnvelope> parse(String body) throws IngestException {
        return parse(body, InfluxPrecision.NANOSECONDS);
    }

    private List<MetricEnvelope> parse(String body, InfluxPrecision precision) throws IngestException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, precision, NOW);
    }

    private JsonNode data(String line) throws IngestException {
        List<MetricEnvelope> out = parse(line);
        assertThat(out).hasSize(1);
        return out.get(0).data();
    }

    private String refusal(String body) {
        IngestException e = catchThrowableOfType(IngestException.class, () -> parse(body));
        assertThat(e).as("refusal of %s", body).isNotNull();
        return e.getMessage();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPointBecomesAnEnvelopeOfItsFieldsThenTagsThenMeasurement() throws Exception {
        List<MetricEnvelope> out = parse("system,host=web-1,region=eu throughput_tps=1250.5,requests=7i,"
                + "bytes=18446744073709551615u,healthy=t,note=\"ok\" 1764928800123456789");

        MetricEnvelope e = out.get(0);
        assertThat(e.type().name()).isEqualTo("system");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-12-05T10:00:00.123456789Z"));
        assertThat(new String(e.dataJson(), StandardCharsets.UTF_8)).isEqualTo("{\"throughput_tps\":1250.5,"
                + "\"requests\":7,\"bytes\":18446744073709551615,\"healthy\":true,\"note\":\"ok\",\"host\":\"web-1\","
                + "\"region\":\"eu\",\"measurement\":\"system\"}");
    }

    @Test
    void aPointWithoutATimestampTakesTheServersClock() throws Exception {
        assertThat(parse("system x=1").get(0).timestamp()).isEqualTo(NOW);
        assertThat(parse("system x=1   ").get(0).timestamp()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @CsvSource({
        "NANOSECONDS, 1764928800000000001, 2025-12-05T10:00:00.000000001Z",
        "MICROSECONDS, 1764928800000001, 2025-12-05T10:00:00.000001Z",
        "MILLISECONDS, 1764928800001, 2025-12-05T10:00:00.001Z",
        "SECONDS, 1764928800, 2025-12-05T10:00:00Z",
        "MINUTES, 29415480, 2025-12-05T10:00:00Z",
        "HOURS, 490258, 2025-12-05T10:00:00Z",
        "NANOSECONDS, -1, 1969-12-31T23:59:59.999999999Z",
        "MILLISECONDS, -1500, 1969-12-31T23:59:58.500Z",
    })
    void timestampsInEveryPrecision(InfluxPrecision precision, long value, String expected) throws Exception {
        assertThat(parse("system x=1 " + value, precision).get(0).timestamp()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"ns, NANOSECONDS", "n, NANOSECONDS", "us, MICROSECONDS", "u, MICROSECONDS", "ms, MILLISECONDS",
        "s, SECONDS", "m, MINUTES", "h, HOURS", "'', NANOSECONDS"})
    void precisionNamesOfBothInfluxVersions(String name, InfluxPrecision expected) {
        assertThat(InfluxPrecision.of(name)).isEqualTo(expected);
    }

    @Test
    void anUnknownPrecisionIsRefusedNamingTheAcceptedOnes() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> InfluxPrecision.of("sec")))
                .hasMessageContaining("ns, us, ms, s");
    }

    @Test
    void escapesInMeasurementsTagsAndFieldKeys() throws Exception {
        JsonNode d = data("my\\ sys\\,tem,tag\\ key\\,x\\=y=va\\=l\\ u\\,e f\\ ie\\,ld\\=k=1i");

        assertThat(d).isEqualTo(json("{\"f ie,ld=k\":1,\"tag key,x=y\":\"va=l u,e\","
                + "\"measurement\":\"my sys,tem\"}"));
    }

    @Test
    void aBackslashBeforeAnyOtherByteIsItself() throws Exception {
        JsonNode d = data("m\\x,t=a\\b f\\n=\"c:\\\\dir\\\\ \\n\"");

        assertThat(d.get("measurement").textValue()).isEqualTo("m\\x");
        assertThat(d.get("t").textValue()).isEqualTo("a\\b");
        assertThat(d.get("f\\n").textValue()).isEqualTo("c:\\dir\\ \\n");
    }

    @Test
    void stringFieldsKeepEscapedQuotesCommasSpacesEqualsAndNewlines() throws Exception {
        JsonNode d = data("m s=\"say \\\"hi\\\", a=b c\",t=\"two\nlines\",u=\"\",v=\"tab\there\"");

        assertThat(d.get("s").textValue()).isEqualTo("say \"hi\", a=b c");
        assertThat(d.get("t").textValue()).isEqualTo("two\nlines");
        assertThat(d.get("u").textValue()).isEmpty();
        assertThat(d.get("v").textValue()).isEqualTo("tab\there");
    }

    @Test
    void everySpellingOfBooleans() throws Exception {
        JsonNode d = data("m a=t,b=T,c=true,d=True,e=TRUE,f=f,g=F,h=false,i=False,j=FALSE");

        assertThat(d).isEqualTo(json("{\"a\":true,\"b\":true,\"c\":true,\"d\":true,\"e\":true,\"f\":false,"
                + "\"g\":false,\"h\":false,\"i\":false,\"j\":false,\"measurement\":\"m\"}"));
    }

    @Test
    void integersAndUnsignedToTheEdgesOfSixtyFourBits() throws Exception {
        JsonNode d = data("m a=9223372036854775807i,b=-9223372036854775808i,c=0i,d=-0i,e=007i,"
                + "f=18446744073709551615u,g=0u,h=000123u");

        assertThat(d.get("a").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(d.get("b").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(d.get("c").isIntegralNumber()).isTrue();
        assertThat(d.get("d").longValue()).isZero();
        assertThat(d.get("e").longValue()).isEqualTo(7);
        assertThat(d.get("f").bigIntegerValue().toString()).isEqualTo("18446744073709551615");
        assertThat(d.get("g").longValue()).isZero();
        assertThat(d.get("h").longValue()).isEqualTo(123);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "m a=9223372036854775808i | out of the 64-bit range",
        "m a=-9223372036854775809i | out of the 64-bit range",
        "m a=18446744073709551616u | out of the 64-bit range",
        "m a=-1u | is not an unsigned integer",
        "m a=1.5i | is not an integer",
        "m a=-i | needs digits",
        "m a=1e400 | out of range",
        "m a=NaN | is not a field value",
        "m a=Inf | is not a field value",
        "m a=0x10 | is not a field value",
        "m a=tru | is not a field value",
        "m a=yes | is not a field value",
    })
    void numbersAndWordsOutsideTheGrammarAreRefused(String line, String message) {
        assertThat(refusal(line)).startsWith("line 1, column 5: ").contains(message);
    }

    @Test
    void floatsInEveryFormInfluxTakesBecomeJsonNumbers() throws Exception {
        JsonNode d = data("m a=1,b=-1.5,c=1e10,d=1.5E-3,e=+2,f=3.,g=.5,h=-0.25e+2,i=0,j=00.1");

        assertThat(d.get("a").doubleValue()).isEqualTo(1.0);
        assertThat(d.get("b").doubleValue()).isEqualTo(-1.5);
        assertThat(d.get("c").doubleValue()).isEqualTo(1e10);
        assertThat(d.get("d").doubleValue()).isEqualTo(1.5e-3);
        assertThat(d.get("e").doubleValue()).isEqualTo(2.0);
        assertThat(d.get("f").doubleValue()).isEqualTo(3.0);
        assertThat(d.get("g").doubleValue()).isEqualTo(0.5);
        assertThat(d.get("h").doubleValue()).isEqualTo(-25.0);
        assertThat(d.get("i").doubleValue()).isZero();
        assertThat(d.get("j").doubleValue()).isEqualTo(0.1);
    }

    @Test
    void commentsBlankLinesAndCrlfAreSkipped() throws Exception {
        List<MetricEnvelope> out = parse("# a comment\r\n\r\n   \nsystem x=1 1\r\n  # indented comment\n"
                + "system x=2 2\n\n");

        assertThat(out).extracting(e -> e.data().get("x").doubleValue()).containsExactly(1.0, 2.0);
        assertThat(out).extracting(MetricEnvelope::timestamp)
                .containsExactly(Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 2));
    }

    @Test
    void theFirstMalformedLineRefusesTheBodyNamingItsLineAndColumn() {
        String message = refusal("system x=1\n# fine\nsystem y=2\nsystem,host= z=3\nsystem w=4\n");

        assertThat(message).isEqualTo("line 4, column 13: expected a tag value");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "system | line 1, column 7: a point needs at least one field, after a space",
        "system,host=a | line 1, column 14: a point needs at least one field, after a space",
        "'system  ' | line 1, column 9: expected a field key",
        ",t=1 x=1 | line 1, column 1: expected a measurement",
        "system,=a x=1 | line 1, column 8: expected a tag key",
        "system,t x=1 | line 1, column 9: expected '=' after the tag key, found ' '",
        "system,t=a=b x=1 | line 1, column 11: expected a space before the fields, found '='",
        "system x | line 1, column 9: expected '=' after the field key, found the end of the line",
        "system x= | line 1, column 10: expected a field value",
        "system x=,y=1 | line 1, column 10: expected a field value",
        "system x=1, | line 1, column 12: expected a field key",
        "system x=1 12a | line 1, column 12: '12a' is not a timestamp (a whole number)",
        "system x=1 1 2 | line 1, column 14: expected the end of the line after the timestamp",
        "system x=1 99999999999999999999 | line 1, column 12: the timestamp '99999999999999999999' is out of the "
            + "64-bit range",
        "system x=\"open | line 1, column 10: the string that starts here has no closing quote",
        "system x=1,x=2 | line 1, column 12: the field key 'x' comes twice in the point",
        "system,x=a,x=b y=1 | line 1, column 12: the tag key 'x' comes twice in the point",
        "system,x=a x=1 | line 1, column 12: 'x' is both a tag and a field of the point",
        "system,measurement=a x=1 | line 1, column 8: a tag named 'measurement' clashes with the point's "
            + "measurement",
        "system measurement=1 | line 1, column 8: a field named 'measurement' clashes with the point's "
            + "measurement",
    })
    void malformedPointsAreRefusedWithWhereAndWhat(String line, String message) {
        assertThat(refusal(line)).isEqualTo(message);
    }

    @Test
    void aMeasurementThatMapsToNoTypeIsRefusedSayingHowToMapIt() {
        parser = new LineProtocolParser(InfluxMapping.defaults(TYPES));
        assertThat(refusal("system x=1\ncpu usage=3")).isEqualTo("line 2: no metric type for measurement 'cpu': "
                + "map it with --influx-map MEASUREMENT=TYPE, or set --influx-default-type");
    }

    @Test
    void typesComeFromTheMapThenTheMeasurementsOwnNameThenTheDefault() throws Exception {
        MetricType business = TYPES.require("business");
        parser = new LineProtocolParser(new InfluxMapping(Map.of("jmeter", TYPES.require("custom"),
                "system", business), TYPES.require("hero"), "agent_id", TYPES));

        List<MetricEnvelope> out = parse("jmeter x=1\nsystem x=1\nagent x=1\nAgent x=1\nk6 x=1\n");

        assertThat(out).extracting(e -> e.type().name()).containsExactly("custom", "business", "agent", "hero",
                "hero");
    }

    @Test
    void aSummarisedMeasurementIsHandedOverAndPublishedAsItselfOnlyWhenMapped() throws Exception {
        parser = new LineProtocolParser(new InfluxMapping(Map.of("jmeter", TYPES.require("custom")), null,
                "agent_id", TYPES, new LoadToolRules() {
                    @Override
                    public boolean reads(String m) {
                        return m.equals("jmeter") || m.equals("http_reqs");
                    }

                    @Override
                    public boolean adoptsUnmapped(List<ToolPoint> summarized) {
                        return false;
                    }
                }));
        byte[] body = ("jmeter,transaction=all count=5 1700000000000000000\nhttp_reqs value=1\nsystem x=1\n")
                .getBytes(StandardCharsets.UTF_8);

        InfluxWrite write = parser.read(body, 0, body.length, InfluxPrecision.NANOSECONDS, NOW);

        assertThat(write.envelopes()).extracting(e -> e.type().name()).containsExactly("custom", "system");
        assertThat(write.summarized()).extracting(ToolPoint::measurement).containsExactly("jmeter", "http_reqs");
        assertThat(write.summarized().get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(write.summarized().get(1).timestamp()).as("no timestamp: the request's arrival").isEqualTo(NOW);
        assertThat(json(new String(write.summarized().get(0).dataJson(), StandardCharsets.UTF_8)))
                .isEqualTo(json("{\"count\":5,\"transaction\":\"all\",\"measurement\":\"jmeter\"}"));
        assertThat(refusal("cpu x=1")).as("the rest is mapped as before").contains("no metric type");
    }

    @Test
    void theAgentTagGivesAgentIdUnderItsOwnNameOrAnother() throws Exception {
        assertThat(data("agent,agent_id=a1 load=0.5")).isEqualTo(json("{\"load\":0.5,\"agent_id\":\"a1\","
                + "\"measurement\":\"agent\"}"));
        parser = new LineProtocolParser(new InfluxMapping(Map.of(), null, "host", TYPES));
        assertThat(data("agent,host=h1 load=0.5")).isEqualTo(json("{\"load\":0.5,\"host\":\"h1\","
                + "\"measurement\":\"agent\",\"agent_id\":\"h1\"}"));
        assertThat(data("agent load=0.5")).as("no agent tag, no agent_id")
                .isEqualTo(json("{\"load\":0.5,\"measurement\":\"agent\"}"));
        assertThat(refusal("agent,host=h1 agent_id=\"x\"")).contains("has an 'agent_id' of its own");
    }

    @Test
    void keysAndValuesNeedingJsonEscapesAreEscaped() throws Exception {
        JsonNode d = data("m,q\"k=v\"\\x s=\"\u0001\"");

        assertThat(d.get("q\"k").textValue()).isEqualTo("v\"\\x");
        assertThat(d.get("s").textValue()).isEqualTo("\u0001");
    }

    @Test
    void multiByteCharactersPassThroughAndABodyThatIsNotUtf8IsRefused() throws Exception {
        assertThat(data("température,lieu=Zürich valeur=21.5,note=\"très chaud ☀\"").get("note").textValue())
                .isEqualTo("très chaud ☀");
        byte[] latin1 = "m,t=Z\u00fcrich x=1".getBytes(StandardCharsets.ISO_8859_1);
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> parser.parse(latin1, 0, latin1.length, InfluxPrecision.NANOSECONDS, NOW));
        assertThat(e).hasMessage("the body is not valid UTF-8");
    }

    @Test
    void aSliceOfALargerBufferIsParsedAlone() throws Exception {
        byte[] buffer = "garbage system x=1 5 garbage".getBytes(StandardCharsets.UTF_8);

        List<MetricEnvelope> out = parser.parse(buffer, 8, 12, InfluxPrecision.SECONDS, NOW);

        assertThat(out).singleElement().satisfies(e -> assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(5)));
    }
}
