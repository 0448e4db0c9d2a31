package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.json.Json;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestParserTest {
    private static final Instant NOW = Instant.parse("2024-06-01T10:00:00.654321Z");

    private final IngestParser parser = new IngestParser(MetricTypes.of(List.of("custom")));

    private List<MetricEnvelope> parse(String body) throws IngestException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private String refusal(String body) {
        IngestException e = catchThrowableOfType(IngestException.class, () -> parse(body));
        assertThat(e).as("refusal of %s", body).isNotNull();
        return e.getMessage();
    }

    @Test
    void parsesOneEnvelope() throws Exception {
        List<MetricEnvelope> envelopes = parse(
                "{\"metric_type\":\"system\",\"timestamp\":\"2024-01-01T12:00:00.123456Z\",\"data\":{\"tps\":5}}");

        assertThat(envelopes).singleElement().satisfies(e -> {
            assertThat(e.type().name()).isEqualTo("system");
            assertThat(e.timestamp()).isEqualTo("2024-01-01T12:00:00.123456Z");
            assertThat(e.data()).isEqualTo(Json.mapper().readTree("{\"tps\":5}"));
        });
    }

    @Test
    void parsesAnArrayOfEnvelopesInOrder() throws Exception {
        List<MetricEnvelope> envelopes = parse("[{\"metric_type\":\"agent\",\"data\":[{\"agent_id\":\"a1\"}]},"
                + "{\"metric_type\":\"CUSTOM\",\"data\":{}},{\"metric_type\":\"hero\",\"data\":[]}]");

        assertThat(envelopes).extracting(e -> e.type().name()).containsExactly("agent", "custom", "hero");
        assertThat(envelopes.get(0).data().get(0).get("agent_id").textValue()).isEqualTo("a1");
    }

    @Test
    void anEmptyArrayIsNothingToPublish() throws Exception {
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void aMissingOrNullTimestampIsSetToNow() throws Exception {
        assertThat(parse("[{\"metric_type\":\"system\",\"data\":{}},"
                + "{\"metric_type\":\"system\",\"timestamp\":null,\"data\":{}}]"))
                .extracting(MetricEnvelope::timestamp).containsExactly(NOW, NOW);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2024-01-01T14:00:00.5+02:00, 2024-01-01T12:00:00.500Z",
        "2024-01-01T07:00:00-05:00,   2024-01-01T12:00:00Z",
        "2024-01-01T12:00:00.25,      2024-01-01T12:00:00.250Z",
        "2024-01-01T12:00:00Z,        2024-01-01T12:00:00Z"
    })
    void keepsAnOffsetAsTheSameInstantAndTakesNoZoneAsUtc(String timestamp, String instant) throws Exception {
        List<MetricEnvelope> envelopes = parse("{\"metric_type\":\"system\",\"timestamp\":\"" + timestamp
                + "\",\"data\":{}}");

        assertThat(envelopes.get(0).timestamp()).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest(name = "[{index}] names {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json at all                                                | not valid JSON",
        "{\"metric_type\":\"system\",\"data\":{}                        | not valid JSON",
        "{\"metric_type\":\"system\",\"data\":{}} []                    | not valid JSON",
        "``                                                             | empty",
        "42                                                             | not number",
        "\"system\"                                                     | not string",
        "{\"data\":{}}                                                  | missing 'metric_type'",
        "{\"metric_type\":null,\"data\":{}}                             | missing 'metric_type'",
        "{\"metric_type\":7,\"data\":{}}                                | 'metric_type' must be a string",
        "{\"metric_type\":\"cpu\",\"data\":{}}                          | unknown metric_type 'cpu'",
        "{\"metric_type\":\"system\"}                                   | missing 'data'",
        "{\"metric_type\":\"system\",\"data\":\"x\"}                    | 'data' must be a JSON object",
        "{\"metric_type\":\"system\",\"data\":null}                     | 'data' must be a JSON object",
        "{\"metric_type\":\"system\",\"data\":[{},1]}                   | with non-object elements",
        "{\"metric_type\":\"system\",\"data\":{},\"seq\":4}             | 'seq' is assigned by the server",
        "{\"metric_type\":\"system\",\"data\":{},\"extra\":1}           | unknown field 'extra'",
        "{\"metric_type\":\"system\",\"data\":{},\"timestamp\":\"noon\"} | malformed timestamp 'noon'",
        "{\"metric_type\":\"system\",\"data\":{},\"timestamp\":5}       | malformed timestamp 5"
    })
    void shouldRefuseBadInputNamingTheProblem(String body, String named) {
        assertThat(refusal(body)).contains(named.trim());
    }

    @Test
    void unknownMetricTypeListsTheValidTypes() {
        assertThat(refusal("{\"metric_type\":\"cpu\",\"data\":{}}"))
                .contains("system, agent, business, hero, presentation, custom");
    }

    @Test
    void refusesTheWholeArrayWhenOneEnvelopeIsBadNamingItsIndex() {
        String message = refusal("[{\"metric_type\":\"system\",\"data\":{}},{\"metric_type\":\"system\",\"data\":{}},"
                + "{\"metric_type\":\"nope\",\"data\":{}}]");

        assertThat(message).startsWith("envelope [2]: ").contains("unknown metric_type 'nope'");
    }

    @Test
    void refusesAnArrayElementThatIsNotAnObject() {
        assertThat(refusal("[{\"metric_type\":\"system\",\"data\":{}}, 3]"))
                .isEqualTo("envelope [1]: must be an object");
    }

    @Test
    void refusesDuplicateKeys() {
        assertThat(refusal("{\"metric_type\":\"system\",\"metric_type\":\"hero\",\"data\":{}}"))
                .contains("not valid JSON").contains("metric_type");
    }

    @Test
    void refusesADuplicateKeyInsideDataAtAnyDepth() {
        assertThat(refusal("{\"metric_type\":\"system\",\"data\":{\"a\":1,\"b\":2,\"a\":3}}"))
                .isEqualTo("body is not valid JSON: Duplicate field 'a'");
        assertThat(refusal("{\"metric_type\":\"agent\",\"data\":[{\"a\":1},{\"x\":{\"y\":[{\"z\":1,\"z\":2}]}}]}"))
                .isEqualTo("body is not valid JSON: Duplicate field 'z'");
        assertThat(refusal("{\"metric_type\":{\"k\":1,\"k\":1},\"data\":{}}"))
                .isEqualTo("body is not valid JSON: Duplicate field 'k'");
    }

    @Test
    void theSameKeyInSiblingOrNestedObjectsIsNoDuplicate() throws Exception {
        List<MetricEnvelope> envelopes = parse("[{\"metric_type\":\"agent\",\"data\":[{\"a\":1,\"b\":{\"a\":2}},"
                + "{\"a\":3,\"b\":{\"a\":{\"a\":4}}}]},{\"metric_type\":\"agent\",\"data\":{\"a\":5}}]");

        assertThat(envelopes).hasSize(2);
        assertThat(envelopes.get(0).data().get(1).get("b").get("a").get("a").intValue()).isEqualTo(4);
    }

    @Test
    void findsADuplicateAmongManyKeysBeforeAndAfterTheyOutgrowTheTable() throws Exception {
        int n = 3 * ObjectKeys.SMALL_KEYS;
        String keys = keys(n);

        assertThat(parse("{\"metric_type\":\"system\",\"data\":{" + keys + "}}").get(0).data().size())
                .isEqualTo(n);
        for (int dup : new int[] {0, ObjectKeys.SMALL_KEYS - 1, ObjectKeys.SMALL_KEYS, n - 1}) {
            assertThat(refusal("{\"metric_type\":\"system\",\"data\":{" + keys + ",\"k" + dup + "\":0}}"))
                    .isEqualTo("body is not valid JSON: Duplicate field 'k" + dup + "'");
        }
    }

    @Test
    void anObjectOfThousandsOfKeysLeavesTheNextObjectsChecked() throws Exception {
        String huge = "{\"metric_type\":\"system\",\"data\":{\"x\":{" + keys(5000) + "}}}";
        String next = "{\"metric_type\":\"system\",\"data\":{\"x\":{\"k1\":1,\"k2\":2}}}";

        assertThat(parse("[" + huge + "," + next + "]")).hasSize(2);
        assertThat(refusal("[" + huge + ",{\"metric_type\":\"system\",\"data\":{\"x\":{\"k1\":1,\"k1\":2}}}]"))
                .isEqualTo("body is not valid JSON: Duplicate field 'k1'");
    }

    /**
     * Keys chosen to share one hash code ("Aa" and "BB" hash alike, so do all their concatenations): a publisher
     * cannot turn the duplicate check into a quadratic scan, and a duplicate among them is still found.
     */
    @Test
    void keysThatShareAHashCodeAreStillTellApart() throws Exception {
        StringBuilder keys = new StringBuilder();
        int n = 1 << 12;
        for (int i = 0; i < n; i++) {
            keys.append(i == 0 ? "" : ",").append('"').append(colliding(i, 12)).append("\":").append(i);
        }
        assertThat(colliding(0, 12).hashCode()).isEqualTo(colliding(n - 1, 12).hashCode());

        assertThat(parse("{\"metric_type\":\"system\",\"data\":{" + keys + "}}").get(0).data().size()).isEqualTo(n);
        assertThat(refusal("{\"metric_type\":\"system\",\"data\":{" + keys + ",\"" + colliding(1234, 12) + "\":0}}"))
                .isEqualTo("body is not valid JSON: Duplicate field '" + colliding(1234, 12) + "'");
    }

    /** The i-th of 2^blocks keys made of "Aa" and "BB" blocks: all share one hash code. */
    private static String colliding(int i, int blocks) {
        StringBuilder key = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            key.append((i >> b & 1) == 0 ? "Aa" : "BB");
        }
        return key.toString();
    }

    /** A refusal leaves the rest of the body read for duplicate keys, the refused envelope's own included. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"metric_type\":\"system\",\"seq\":1,\"data\":{},\"data\":{}}                | data",
        "{\"metric_type\":\"system\",\"bogus\":{\"a\":1,\"a\":2},\"data\":{}}        | a",
        "{\"metric_type\":\"system\",\"data\":{}} {\"a\":1,\"a\":2}                    | a",
        "{\"metric_type\":\"system\",\"data\":[1,{\"a\":1,\"a\":2}]}                    | a",
        "[{\"metric_type\":\"system\",\"data\":\"x\"},{\"data\":{\"b\":[{\"c\":1,\"c\":1}]}}] | c",
        "[3,{\"metric_type\":\"system\",\"metric_type\":\"hero\"}]                        | metric_type",
    })
    void aDuplicateKeyAnywhereAfterARefusalWins(String body, String key) {
        assertThat(refusal(body.strip())).isEqualTo("body is not valid JSON: Duplicate field '" + key + "'");
    }

    /** {@code "k0":0,"k1":1,...}: n distinct keys. */
    private static String keys(int n) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < n; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return keys.toString();
    }

    @Test
    void aDuplicateKeyAfterARefusedEnvelopeWins() {
        assertThat(refusal("[{\"metric_type\":\"nope\",\"data\":{}},"
                + "{\"metric_type\":\"system\",\"data\":{\"a\":1,\"a\":2}}]"))
                .isEqualTo("body is not valid JSON: Duplicate field 'a'");
        assertThat(refusal("[{\"metric_type\":\"system\",\"seq\":1,\"data\":{\"a\":1}},"
                + "{\"metric_type\":\"system\",\"data\":{}}]"))
                .as("no duplicate: the refusal stands").startsWith("envelope [0]: 'seq'");
    }

    @Test
    void aParseThatStoppedInsideObjectsLeavesNothingForTheNext() throws Exception {
        String deep = "{\"metric_type\":\"system\",\"data\":{\"a\":{\"b\":{\"c\":1,\"c\":2}}}}";
        assertThat(refusal(deep)).contains("Duplicate field 'c'");
        assertThat(refusal("{\"metric_type\":\"system\",\"data\":{\"a\":{\"b\":[1,")).contains("not valid JSON");

        assertThat(parse("{\"metric_type\":\"system\",\"data\":{\"a\":1,\"b\":2,\"c\":3}}").get(0).data().size())
                .isEqualTo(3);
    }

    @Test
    void parsesTheGivenRangeOfALargerArray() throws Exception {
        byte[] body = "{\"metric_type\":\"hero\",\"data\":{\"v\":1}}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[body.length + 10];
        java.util.Arrays.fill(padded, (byte) '#');
        System.arraycopy(body, 0, padded, 4, body.length);

        List<MetricEnvelope> envelopes = parser.parse(padded, 4, body.length, NOW);

        assertThat(envelopes).singleElement().satisfies(e -> assertThat(e.type().name()).isEqualTo("hero"));
        assertThat(new String(envelopes.get(0).dataJson(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}");
    }

    @Test
    void refusesAWhitespaceBodyAsEmpty() {
        assertThat(refusal("  \n ")).contains("empty");
    }

    @Test
    void keepsDataAsCompactJsonWhateverTheSpacingOfTheBody() throws Exception {
        List<MetricEnvelope> envelopes = parse("[ {\"metric_type\" : \"agent\",\n  \"data\" : [ { \"agent_id\" : "
                + "\"a1\", \"load\" : 0.5, \"tags\" : [ 1, 2 ] , \"note\": \"caf\u00e9 \\\"x\\\"\" } ] } ]");

        assertThat(new String(envelopes.get(0).dataJson(), StandardCharsets.UTF_8))
                .isEqualTo("[{\"agent_id\":\"a1\",\"load\":0.5,\"tags\":[1,2],\"note\":\"caf\u00e9 \\\"x\\\"\"}]");
    }

    @Test
    void aSyntaxErrorLaterInTheBodyIsNamedBeforeABadEnvelopeAheadOfIt() {
        assertThat(refusal("[{\"metric_type\":\"nope\",\"data\":{}}, {\"metric_type\": ]"))
                .contains("not valid JSON");
        assertThat(refusal("{\"metric_type\":\"system\",\"extra\":{\"a\":[1,{}]},\"data\":{} trailing"))
                .contains("not valid JSON");
    }

    @Test
    void aMetricTypeThatIsAStructureIsRefusedAsNotAString() {
        assertThat(refusal("{\"metric_type\":{\"name\":\"system\"},\"data\":{}}"))
                .contains("'metric_type' must be a string");
        assertThat(refusal("{\"metric_type\":\"system\",\"timestamp\":[1],\"data\":{}}"))
                .contains("malformed timestamp [1]");
    }

    @Test
    void keepsTheEscapesOfAsciiDataAsThePublisherWroteThem() throws Exception {
        String data = "{\"s\":\"caf\\u00e9 \\/ \\\" \\n\",\"t\":[ \"a b\" ]}";

        List<MetricEnvelope> envelopes = parse("{\"metric_type\":\"system\",\"data\":" + data + "}");

        assertThat(new String(envelopes.get(0).dataJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"s\":\"caf\\u00e9 \\/ \\\" \\n\",\"t\":[\"a b\"]}");
        assertThat(envelopes.get(0).data().get("s").textValue()).isEqualTo("caf\u00e9 / \" \n");
    }

    @ParameterizedTest
    @CsvSource({"C080", "E08080", "EDA080", "EDBFBF", "F4908080", "F8888080", "C3", "80", "FF"})
    void dataIsKeptAsValidUtf8OrRefusedWhateverBytesItsStringsHold(String hex) throws Exception {
        // What the server sends goes out in text frames, which must be valid UTF-8: a publisher's overlong form,
        // encoded surrogate or code point past U+10FFFF must not reach a client as it is.
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] head = "{\"metric_type\":\"system\",\"data\":{\"s\":\"x".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);

        List<MetricEnvelope> envelopes;
        try {
            envelopes = parser.parse(body, NOW);
        } catch (IngestException refused) {
            assertThat(refused.getMessage()).contains("not valid JSON");
            return;
        }
        byte[] kept = envelopes.get(0).dataJson();
        String decoded = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(kept)).toString();
        assertThat(decoded).startsWith("{\"s\":\"x");
    }

    @Test
    void keepsNumbersAsThePublisherWroteThem() throws Exception {
        String data = "{\"a\":1.50,\"b\":123456789012345678901234567890,\"c\":-0.0,\"d\":1e3,\"e\":[0.1,-7]}";

        List<MetricEnvelope> envelopes = parse("{\"metric_type\":\"system\",\"data\": " + data + " }");

        assertThat(new String(envelopes.get(0).dataJson(), StandardCharsets.UTF_8)).isEqualTo(data);
    }

    @ParameterizedTest
    @CsvSource({"UTF-16LE,UTF-16LE", "UTF-16BE,UTF-16BE", "UTF-16,UTF-16BE", "UTF-32LE,UTF-32LE", "UTF-32BE,UTF-32BE"})
    void refusesJsonThatIsNotUtf8NamingItsEncoding(String encoding, String named) {
        byte[] body = " {\"metric_type\":\"system\",\"data\":{\"tps\":5}}".getBytes(
                Charset.forName(encoding));

        IngestException e = catchThrowableOfType(IngestException.class, () -> parser.parse(body, NOW));

        assertThat(e).as("refusal of %s", encoding).isNotNull();
        assertThat(e.getMessage()).contains(named).contains("UTF-8 only");
    }

    @ParameterizedTest
    @CsvSource({"FFFE7B00,UTF-16LE", "FEFF007B,UTF-16BE", "FFFE00007B000000,UTF-32LE", "0000FEFF0000007B,UTF-32BE"})
    void refusesAByteOrderMarkOfUtf16OrUtf32NamingTheEncoding(String hex, String named) {
        byte[] body = HexFormat.of().parseHex(hex);

        IngestException e = catchThrowableOfType(IngestException.class, () -> parser.parse(body, NOW));

        assertThat(e).as("refusal of %s", hex).isNotNull();
        assertThat(e.getMessage()).contains(named);
    }

    @Test
    void refusesAUtf8ByteOrderMark() {
        byte[] json = "{\"metric_type\":\"system\",\"data\":{\"tps\":5}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);

        IngestException e = catchThrowableOfType(IngestException.class, () -> parser.parse(body, NOW));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("byte order mark");
    }
}
