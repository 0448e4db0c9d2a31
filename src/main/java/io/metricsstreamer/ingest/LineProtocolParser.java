package io.metricsstreamer.ingest;

import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses an InfluxDB line protocol body (SPEC 13) into envelopes, one per point, all or nothing: the first malformed
 * line refuses the whole body with an {@link IngestException} naming its line and column.
 *
 * <p>The grammar, as InfluxDB reads it: {@code measurement[,tag=value...] field=value[,field=value...]
 * [timestamp]}, one point per line ({@code \n}, or {@code \r\n}); blank lines and lines starting with {@code #} are
 * skipped. A backslash escapes a comma or a space in a measurement, and a comma, an equals sign or a space in tag
 * keys, tag values and field keys (before any other byte it is itself). Field values: floats ({@code -1.5},
 * {@code 2e10}, {@code 7}), integers ({@code 7i}, 64-bit signed), unsigned integers ({@code 7u}, 64-bit),
 * booleans ({@code t T true True TRUE f F false False FALSE}) and double-quoted strings, in which a backslash escapes
 * a quote or a backslash (and may span lines). The optional timestamp is a whole number in the request's
 * {@link InfluxPrecision}.
 *
 * <p>A point becomes an envelope of the type {@link InfluxMapping} gives its measurement, at its timestamp (else
 * {@code now}), whose {@code data} is a JSON object of its fields (numbers, booleans and strings as JSON values,
 * integers as integers), then its tags as strings, then {@code "measurement"}, and {@code "agent_id"} from the agent
 * tag when that is not itself named {@code agent_id}. A key that comes twice in a point (a field and a tag, or one
 * of those and {@code measurement}) refuses it: JSON objects have one value per key.
 *
 * <p>The data is written straight from the body's bytes: no string is made per line (a measurement is turned into
 * a string only when it differs from the line before's, to look its type up). Thread-safe: the state of a parse
 * lives in the call.
 */
public final class LineProtocolParser {
    /**
     * Largest body the write endpoints take (after gzip): a load tool writes a second of samples at once (k6 a point
     * per sample, a dozen per request), so a test at a few thousand requests a second writes megabytes.
     */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final byte[] MEASUREMENT_KEY = "measurement".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AGENT_ID_KEY = "agent_id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] TRUE = spellings("t", "T", "true", "True", "TRUE");
    private static final byte[][] FALSE = spellings("f", "F", "false", "False", "FALSE");
    private static final byte[] JSON_TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    /** Measurements a parse remembers the types of. */
    private static final int KNOWN = 16;
    /** The delimiters of a measurement: a comma or a space ends it. */
    private static final int MEASUREMENT = 0;
    /** The delimiters of a tag key, tag value or field key: a comma, an equals sign or a space ends it. */
    private static final int NAME = 1;

    private final InfluxMapping mapping;
    private final byte[] agentTag;

    /** A parser mapping measurements to metric types by {@code mapping}. */
    public LineProtocolParser(InfluxMapping mapping) {
        this.mapping = mapping;
        this.agentTag = mapping.agentTag().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses the {@code length} bytes of {@code body} from {@code offset}; points without a timestamp get
     * {@code now}.
     *
     * @throws IngestException naming the line (and column) of the first problem, or a body that is not UTF-8
     */
    public List<MetricEnvelope> parse(byte[] body, int offset, int length, InfluxPrecision precision, Instant now)
            throws IngestException {
        return read(body, offset, length, precision, now).envelopes();
    }

    /**
     * Parses as {@link #parse} does, keeping apart the points a load tool's summary reads
     * ({@link InfluxMapping#isSummarized}): each is in {@link InfluxWrite#summarized()}, and, when something maps
     * its measurement to a type, in {@link InfluxWrite#envelopes()} as well.
     *
     * @throws IngestException naming the line (and column) of the first problem, or a body that is not UTF-8
     */
    public InfluxWrite read(byte[] body, int offset, int length, InfluxPrecision precision, Instant now)
            throws IngestException {
        requireUtf8(body, offset, length);
        Parse parse = new Parse(body, offset, offset + length, precision, now);
        List<MetricEnvelope> envelopes = parse.all();
        if (parse.firstUnmapped != null && !mapping.tools().adoptsUnmapped(parse.summarized)) {
            throw new IngestException(parse.firstUnmapped);
        }
        return new InfluxWrite(envelopes, parse.summarized, parse.points);
    }

    private static void requireUtf8(byte[] body, int offset, int length) throws IngestException {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (body[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body, offset, length));
                } catch (CharacterCodingException e) {
                    throw new IngestException("the body is not valid UTF-8");
                }
                return;
            }
        }
    }

    private static byte[][] spellings(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** One parse: the body, where it is, and the current point's pieces. */
    private final class Parse {
        private final byte[] b;
        private final int end;
        private final InfluxPrecision precision;
        private final Instant now;
        private final ByteSlices slices = new ByteSlices();
        private final JsonBytes json = new JsonBytes();
        private final List<MetricEnvelope> out = new ArrayList<>();
        private final List<ToolPoint> summarized = new ArrayList<>(0);
        /** The refusal of the first point nothing maps, or null. */
        private String firstUnmapped;
        /** Points read. */
        private int points;
        private int[] tagKeys = new int[8];
        private int[] tagValues = new int[8];
        private int[] keys = new int[16];
        private int pos;
        private int line = 1;
        /** The line the current point starts on (a string field may span lines). */
        private int pointLine;
        /** The value {@link #readSigned} read last. */
        private long readValue;
        private int lineStart;
        /** The measurement looked up last (null before the first), its type and whether a summary reads it. */
        private byte[] lastMeasurement;
        private String lastName;
        private MetricType lastType;
        private boolean lastSummarized;
        /**
         * The measurements looked up before, at most {@link #KNOWN}, replaced round robin: a tool that writes a
         * measurement per metric (k6) changes measurement on every line among a dozen names.
         */
        private final byte[][] knownBytes = new byte[KNOWN][];
        private final String[] knownNames = new String[KNOWN];
        private final MetricType[] knownTypes = new MetricType[KNOWN];
        private final boolean[] knownSummarized = new boolean[KNOWN];
        private int knownCount;

        Parse(byte[] b, int from, int end, InfluxPrecision precision, Instant now) {
            this.b = b;
            this.pos = from;
            this.lineStart = from;
            this.end = end;
            this.precision = precision;
            this.now = now;
        }

        List<MetricEnvelope> all() throws IngestException {
            while (pos < end) {
                while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
                    pos++;
                }
                if (atLineEnd()) {
                    nextLine();
                } else if (b[pos] == '#') {
                    while (!atLineEnd()) {
                        pos++;
                    }
                    nextLine();
                } else {
                    point();
                    nextLine();
                }
            }
            return out;
        }

        /** At a line's end: {@code \n}, {@code \r\n}, a {@code \r} ending the body, or the body's end. */
        private boolean atLineEnd() {
            return pos >= end || b[pos] == '\n' || b[pos] == '\r' && (pos + 1 >= end || b[pos + 1] == '\n');
        }

        private void nextLine() {
            if (pos < end && b[pos] == '\r') {
                pos++;
            }
            if (pos < end && b[pos] == '\n') {
                pos++;
                line++;
                lineStart = pos;
            }
        }

        private IngestException error(String problem) {
            return new IngestException("line " + line + ", column " + (pos - lineStart + 1) + ": " + problem);
        }

        private void point() throws IngestException {
            slices.clear();
            json.reset();
            pointLine = line;
            int measurement = name(MEASUREMENT, "a measurement");
            MetricType type = typeOf(measurement);
            int tags = tags();
            if (atLineEnd()) {
                throw error("a point needs at least one field, after a space");
            }
            expect(' ', "a space before the fields");
            skipSpaces();
            json.raw('{');
            boolean first = true;
            int keyCount = tags;
            while (true) {
                int keyAt = pos;
                int key = name(NAME, "a field key");
                remember(keyCount++, key, keyAt, tags);
                expect('=', "'=' after the field key");
                writeKey(key, first);
                first = false;
                fieldValue();
                if (pos < end && b[pos] == ',') {
                    pos++;
                    continue;
                }
                break;
            }
            for (int i = 0; i < tags; i++) {
                writeKey(tagKeys[i], false);
                json.string(slices.bytes(), slices.start(tagValues[i]), slices.end(tagValues[i]));
            }
            json.raw(',');
            json.string(MEASUREMENT_KEY, 0, MEASUREMENT_KEY.length);
            json.raw(':');
            json.string(slices.bytes(), slices.start(measurement), slices.end(measurement));
            agentId(tags, keyCount);
            json.raw('}');
            Instant at = timestamp();
            points++;
            if (type == null && !lastSummarized) {
                // Refused once the whole body parsed, unless a load tool's points show it is that tool's write.
                if (firstUnmapped == null) {
                    firstUnmapped = "line " + pointLine + ": no metric type for measurement '"
                            + new String(slices.bytes(), slices.start(measurement), slices.length(measurement),
                            StandardCharsets.UTF_8) + "': map it with --influx-map MEASUREMENT=TYPE, or set "
                            + "--influx-default-type";
                }
                return;
            }
            byte[] data = json.toArray();
            if (type != null) {
                out.add(MetricEnvelope.ofJson(type, at, data));
            }
            if (lastSummarized) {
                summarized.add(new ToolPoint(lastName, at, data));
            }
        }

        /** Reads the point's tags into {@link #tagKeys} and {@link #tagValues}; returns how many. */
        private int tags() throws IngestException {
            int tags = 0;
            while (pos < end && b[pos] == ',') {
                pos++;
                int keyAt = pos;
                int key = name(NAME, "a tag key");
                remember(tags, key, keyAt, tags + 1);
                expect('=', "'=' after the tag key");
                int value = name(NAME, "a tag value");
                if (tags == tagKeys.length) {
                    tagKeys = Arrays.copyOf(tagKeys, tags * 2);
                    tagValues = Arrays.copyOf(tagValues, tags * 2);
                }
                tagKeys[tags] = key;
                tagValues[tags++] = value;
            }
            return tags;
        }

        /** Adds {@code "agent_id"} from the agent tag, when that tag is present and named otherwise. */
        private void agentId(int tags, int keyCount) throws IngestException {
            if (Arrays.equals(agentTag, AGENT_ID_KEY)) {
                return;
            }
            for (int i = 0; i < tags; i++) {
                if (slices.is(tagKeys[i], agentTag)) {
                    if (indexOf(keys, keyCount, AGENT_ID_KEY) >= 0) {
                        throw error("the point has an 'agent_id' of its own and an agent tag '"
                                + new String(agentTag, StandardCharsets.UTF_8) + "'");
                    }
                    json.raw(',');
                    json.string(AGENT_ID_KEY, 0, AGENT_ID_KEY.length);
                    json.raw(':');
                    json.string(slices.bytes(), slices.start(tagValues[i]), slices.end(tagValues[i]));
                    return;
                }
            }
        }

        private int indexOf(int[] keyIndexes, int count, byte[] name) {
            for (int i = 0; i < count; i++) {
                if (slices.is(keyIndexes[i], name)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Stores key slice {@code key}, read at {@code keyAt}, as the point's {@code n}th key (its tags come first),
         * refusing a key the point has already and one named {@code measurement}.
         *
         * @param tags how many of the keys before it, and it, are tags
         */
        private void remember(int n, int key, int keyAt, int tags) throws IngestException {
            String what = n < tags ? "tag" : "field";
            if (slices.is(key, MEASUREMENT_KEY)) {
                throw errorAt(keyAt, "a " + what + " named 'measurement' clashes with the point's measurement");
            }
            for (int i = 0; i < n; i++) {
                if (slices.same(keys[i], key)) {
                    String name = new String(slices.bytes(), slices.start(key), slices.length(key),
                            StandardCharsets.UTF_8);
                    throw errorAt(keyAt, i < tags && n >= tags ? "'" + name + "' is both a tag and a field of the point"
                            : "the " + what + " key '" + name + "' comes twice in the point");
                }
            }
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
            }
            keys[n] = key;
        }

        private void writeKey(int key, boolean first) {
            if (!first) {
                json.raw(',');
            }
            json.string(slices.bytes(), slices.start(key), slices.end(key));
            json.raw(':');
        }

        private MetricType typeOf(int measurement) {
            int from = slices.start(measurement);
            int to = slices.end(measurement);
            if (lastMeasurement != null && Arrays.equals(slices.bytes(), from, to, lastMeasurement, 0,
                    lastMeasurement.length)) {
                return lastType;
            }
            int known = Math.min(knownCount, KNOWN);
            int i = 0;
            while (i < known && !Arrays.equals(slices.bytes(), from, to, knownBytes[i], 0, knownBytes[i].length)) {
                i++;
            }
            if (i == known) {
                i = knownCount++ % KNOWN;
                String name = new String(slices.bytes(), from, to - from, StandardCharsets.UTF_8);
                knownBytes[i] = Arrays.copyOfRange(slices.bytes(), from, to);
                knownNames[i] = name;
                knownTypes[i] = mapping.typeOf(name).orElse(null);
                knownSummarized[i] = mapping.isSummarized(name);
            }
            lastMeasurement = knownBytes[i];
            lastName = knownNames[i];
            lastType = knownTypes[i];
            lastSummarized = knownSummarized[i];
            return lastType;
        }

        /**
         * Reads a measurement or a name up to its unescaped delimiter into a new slice, unescaped.
         *
         * @param kind {@link #MEASUREMENT} or {@link #NAME}
         */
        private int name(int kind, String what) throws IngestException {
            slices.begin();
            int start = pos;
            while (pos < end) {
                byte c = b[pos];
                if (c == '\n' || c == '\r' && atLineEnd() || c == ',' || c == ' ' || c == '=' && kind == NAME) {
                    break;
                }
                if (c == '\\' && pos + 1 < end) {
                    byte next = b[pos + 1];
                    if (next == ',' || next == ' ' || next == '=' && kind == NAME) {
                        slices.append(next);
                        pos += 2;
                        continue;
                    }
                }
                slices.append(c);
                pos++;
            }
            if (pos == start) {
                throw error("expected " + what);
            }
            return slices.end();
        }

        private void expect(char c, String what) throws IngestException {
            if (pos >= end || b[pos] != c) {
                throw error("expected " + what + (pos < end && !atLineEnd() ? ", found '" + (char) b[pos] + "'"
                        : ", found the end of the line"));
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < end && b[pos] == ' ') {
                pos++;
            }
        }

        private void fieldValue() throws IngestException {
            if (pos >= end || atLineEnd() || b[pos] == ',' || b[pos] == ' ') {
                throw error("expected a field value");
            }
            if (b[pos] == '"') {
                stringValue();
                return;
            }
            int start = pos;
            while (pos < end && b[pos] != ',' && b[pos] != ' ' && !atLineEnd()) {
                pos++;
            }
            int to = pos;
            byte last = b[to - 1];
            boolean numeric = digit(b[start]) || b[start] == '-' || b[start] == '+';
            if (last == 'i' && numeric) {
                json.number(integer(start, to - 1));
            } else if (last == 'u' && numeric) {
                unsigned(start, to - 1);
            } else if ((b[start] | 0x20) == 't' && isOneOf(start, to, TRUE)) {
                json.raw(JSON_TRUE, 0, JSON_TRUE.length);
            } else if ((b[start] | 0x20) == 'f' && isOneOf(start, to, FALSE)) {
                json.raw(JSON_FALSE, 0, JSON_FALSE.length);
            } else {
                floatValue(start, to);
            }
        }

        private boolean isOneOf(int start, int to, byte[][] spellings) {
            for (byte[] w : spellings) {
                if (Arrays.equals(b, start, to, w, 0, w.length)) {
                    return true;
                }
            }
            return false;
        }

        /** A signed 64-bit integer field from {@code b[start, to)}, its {@code i} at {@code to}. */
        private long integer(int start, int to) throws IngestException {
            return switch (readSigned(start, to)) {
                case NUMBER -> readValue;
                case NO_DIGITS -> throw errorAt(start, "an integer needs digits before its 'i'");
                case NOT_DIGITS -> throw errorAt(start, "'" + text(start, to + 1) + "' is not an integer");
                default -> throw errorAt(start, "the integer '" + text(start, to + 1) + "' is out of the 64-bit range");
            };
        }

        /**
         * Reads {@code b[start, to)} as {@code -?[0-9]+} within 64 bits: {@link #NUMBER} with the value in
         * {@link #readValue}, or what it is instead ({@link #NO_DIGITS}, {@link #NOT_DIGITS}, {@link #OUT_OF_RANGE}).
         */
        private int readSigned(int start, int to) {
            int i = start;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            if (i == to) {
                return NO_DIGITS;
            }
            long value = 0;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return NOT_DIGITS;
                }
                // Accumulated as a negative number, whose range holds Long.MIN_VALUE.
                if (value < (Long.MIN_VALUE + d) / 10) {
                    return OUT_OF_RANGE;
                }
                value = value * 10 - d;
            }
            if (!negative && value == Long.MIN_VALUE) {
                return OUT_OF_RANGE;
            }
            readValue = negative ? value : -value;
            return NUMBER;
        }

        /** An unsigned 64-bit integer from {@code b[start, to)}, written as JSON digits without leading zeros. */
        private void unsigned(int start, int to) throws IngestException {
            for (int i = start; i < to; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    throw errorAt(start, "'" + text(start, to + 1) + "' is not an unsigned integer");
                }
            }
            int first = start;
            while (first < to - 1 && b[first] == '0') {
                first++;
            }
            int digits = to - first;
            if (digits > 20 || digits == 20 && Arrays.compare(b, first, to, UINT64_MAX, 0, 20) > 0) {
                throw errorAt(start, "the unsigned integer '" + text(start, to + 1)
                        + "' is out of the 64-bit range");
            }
            json.raw(b, first, to);
        }

        /** A float: copied when it is already a JSON number, else written as Java reads it. */
        private void floatValue(int start, int to) throws IngestException {
            if (isJsonNumber(start, to) && !exponentOverflows(start, to)) {
                json.raw(b, start, to);
                return;
            }
            String t = text(start, to);
            if (!isDecimalFloat(start, to)) {
                throw errorAt(start, "'" + t + "' is not a field value: a number (1.5, 7i, 7u), a boolean (t, "
                        + "false, ...) or a double-quoted string");
            }
            double d = Double.parseDouble(t);
            if (Double.isInfinite(d)) {
                throw errorAt(start, "the float '" + t + "' is out of range");
            }
            byte[] w = Double.toString(d).getBytes(StandardCharsets.US_ASCII);
            json.raw(w, 0, w.length);
        }

        /** Whether {@code b[start, to)} is a JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private boolean isJsonNumber(int start, int to) {
            int i = start;
            if (i < to && b[i] == '-') {
                i++;
            }
            if (i >= to || !digit(b[i])) {
                return false;
            }
            if (b[i] == '0') {
                i++;
            } else {
                while (i < to && digit(b[i])) {
                    i++;
                }
            }
            if (i < to && b[i] == '.') {
                i++;
                int d = i;
                while (i < to && digit(b[i])) {
                    i++;
                }
                if (i == d) {
                    return false;
                }
            }
            return afterExponent(i, to) == to;
        }

        /** Whether the number's exponent has more than two digits, so that it may be out of a double's range. */
        private boolean exponentOverflows(int start, int to) {
            for (int i = start; i < to; i++) {
                if (b[i] == 'e' || b[i] == 'E') {
                    int digits = to - i - 1;
                    if (digits > 0 && (b[i + 1] == '+' || b[i + 1] == '-')) {
                        digits--;
                    }
                    return digits > 2;
                }
            }
            return false;
        }

        /**
         * Whether {@code b[start, to)} is a decimal float as InfluxDB takes it but JSON does not write it (a plus
         * sign, leading zeros, {@code 1.} or {@code .5}): {@code [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?}.
         */
        private boolean isDecimalFloat(int start, int to) {
            int i = start;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int intDigits = 0;
            while (i < to && digit(b[i])) {
                i++;
                intDigits++;
            }
            int fracDigits = 0;
            if (i < to && b[i] == '.') {
                i++;
                while (i < to && digit(b[i])) {
                    i++;
                    fracDigits++;
                }
            }
            if (intDigits + fracDigits == 0) {
                return false;
            }
            return afterExponent(i, to) == to;
        }

        /** Where an optional exponent ({@code [eE][+-]?[0-9]+}) at {@code i} ends, or -1 when it is malformed. */
        private int afterExponent(int i, int to) {
            if (i >= to || b[i] != 'e' && b[i] != 'E') {
                return i;
            }
            int d = i + 1 < to && (b[i + 1] == '+' || b[i + 1] == '-') ? i + 2 : i + 1;
            int end = d;
            while (end < to && digit(b[end])) {
                end++;
            }
            return end == d ? -1 : end;
        }

        private void stringValue() throws IngestException {
            int open = pos;
            pos++;
            json.raw('"');
            int runStart = pos;
            while (true) {
                if (pos >= end) {
                    pos = open;
                    throw error("the string that starts here has no closing quote");
                }
                byte c = b[pos];
                if (c == '"') {
                    copyStringRun(runStart, pos);
                    pos++;
                    break;
                }
                if (c == '\\' && pos + 1 < end && (b[pos + 1] == '"' || b[pos + 1] == '\\')) {
                    copyStringRun(runStart, pos);
                    json.raw('\\');
                    json.raw((char) b[pos + 1]);
                    pos += 2;
                    runStart = pos;
                    continue;
                }
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                }
                pos++;
            }
            json.raw('"');
        }

        /** Copies {@code b[from, to)} of a string field into the JSON string being written, escaped as JSON. */
        private void copyStringRun(int from, int to) {
            if (from < to) {
                json.stringBody(b, from, to);
            }
        }

        private Instant timestamp() throws IngestException {
            if (atLineEnd()) {
                return now;
            }
            expect(' ', "',' or a space after the field value");
            skipSpaces();
            if (atLineEnd()) {
                return now;
            }
            int start = pos;
            while (pos < end && b[pos] != ' ' && !atLineEnd()) {
                pos++;
            }
            int to = pos;
            skipSpaces();
            if (!atLineEnd()) {
                throw error("expected the end of the line after the timestamp");
            }
            long value = timestampAt(start, to);
            try {
                return precision.toInstant(value);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw errorAt(start, "the timestamp " + value + " is out of range in precision "
                        + precision.name().toLowerCase(java.util.Locale.ROOT));
            }
        }

        private long timestampAt(int start, int to) throws IngestException {
            return switch (readSigned(start, to)) {
                case NUMBER -> readValue;
                case NO_DIGITS -> throw errorAt(start, "expected a timestamp");
                case NOT_DIGITS -> throw errorAt(start,
                        "'" + text(start, to) + "' is not a timestamp (a whole number)");
                default -> throw errorAt(start, "the timestamp '" + text(start, to) + "' is out of the 64-bit range");
            };
        }

        private IngestException errorAt(int at, String problem) {
            return new IngestException("line " + line + ", column " + (at - lineStart + 1) + ": " + problem);
        }

        private String text(int from, int to) {
            return new String(b, from, Math.min(to, end) - from, StandardCharsets.UTF_8);
        }
    }

    /** What {@code readSigned} found: a number, no digits, a byte other than a digit, a value past 64 bits. */
    private static final int NUMBER = 0;
    private static final int NO_DIGITS = 1;
    private static final int NOT_DIGITS = 2;
    private static final int OUT_OF_RANGE = 3;

    private static final byte[] UINT64_MAX = "18446744073709551615".getBytes(StandardCharsets.US_ASCII);

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
