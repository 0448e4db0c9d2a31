package io.metricsstreamer.testing;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Generators of JSON text for the fuzzing tier: values of every shape and size, and strings quoted as JSON. */
public final class FuzzJson {
    private FuzzJson() {
    }

    /** Any JSON value, nested up to {@code depth}: numbers of every size, strings of every character. */
    public static Arbitrary<String> values(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "-0.0", "1", "0.1", "60", "60.0000001", "3600",
                        "1e308", "1e309", "-1e309", "4.9e-324", "1e-400", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775809", "18446744073709551616", "1E+2", "\"\"", "\"all\"", "\"ALL\"",
                        "\"system\"", "\"Agent\"", "\"latest\"", "\"avg\"", "\"\\u0000\"", "\"\\ud800\""),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(),
                        BigInteger.TEN.pow(30)).map(Object::toString),
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.strings().ofMaxLength(20).map(FuzzJson::quoted));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> arrays = values(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        // Keys unique within an object: a duplicate key is invalid JSON, as documented, not a value of a wrong shape.
        Arbitrary<String> objects = Arbitraries.oneOf(Arbitraries.of("agent_ids", "fields", "system", "x", "type",
                "id", ""), Arbitraries.strings().ofMaxLength(8)).list().uniqueElements().ofMaxSize(3)
                .flatMap(keys -> values(depth - 1).list().ofSize(keys.size()).map(values -> {
                    StringBuilder o = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        o.append(i == 0 ? "" : ",").append(quoted(keys.get(i))).append(':').append(values.get(i));
                    }
                    return o.append('}').toString();
                }));
        return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, arrays),
                Tuple.of(1, objects));
    }

    /** {@code s} as a JSON string, every character escaped that JSON requires. */
    public static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
