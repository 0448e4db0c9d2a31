package io.metricsstreamer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Data copied out of the body as compact bytes: whitespace outside strings goes, everything else stays. */
class CompactJsonTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Property(tries = 500)
    void aValueWithAnySpacingComesOutAsItsCompactEncoding(@ForAll("records") Map<String, Object> data,
                                                          @ForAll boolean pretty) throws Exception {
        byte[] compact = PLAIN.writeValueAsBytes(data);
        byte[] written = pretty ? PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(data) : compact;
        byte[] body = new byte[written.length + 4];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(written, 0, body, 2, written.length);

        byte[] copied = CompactJson.copy(body, 2, 2 + written.length);

        assertThat(new String(copied, StandardCharsets.UTF_8)).isEqualTo(new String(compact, StandardCharsets.UTF_8));
    }

    @Test
    void keepsSpacesQuotesAndEscapesInsideStrings() {
        String json = "{ \"a b\" : \"x \\\" \\\\\" , \"c\" :\t[ 1 ,\r\n2 ] }";
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);

        assertThat(new String(CompactJson.copy(body, 0, body.length), StandardCharsets.US_ASCII))
                .isEqualTo("{\"a b\":\"x \\\" \\\\\",\"c\":[1,2]}");
    }

    @Test
    void copiesCharactersOfSeveralBytesAsTheyAre() {
        String json = "{ \"unit\" : \"\u00b5s \u20ac \ud83d\ude00\" }";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);

        assertThat(new String(CompactJson.copy(body, 0, body.length), StandardCharsets.UTF_8))
                .isEqualTo("{\"unit\":\"\u00b5s \u20ac \ud83d\ude00\"}");
    }

    @Test
    void aCompactValueIsCopiedAsItIs() {
        byte[] body = "xx{\"a\":[1,{\"b\":null}]}yy".getBytes(StandardCharsets.US_ASCII);

        byte[] copied = CompactJson.copy(body, 2, body.length - 2);

        assertThat(copied).isEqualTo(Arrays.copyOfRange(body, 2, body.length - 2));
    }

    @Provide
    Arbitrary<Map<String, Object>> records() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u00ff')
                .withChars('\u20ac', '\\', '"', '\u2028').ofMaxLength(12);
        Arbitrary<Object> scalar = Arbitraries.oneOf(text.map(s -> s), Arbitraries.doubles().map(d -> d),
                Arbitraries.longs().map(l -> l), Arbitraries.of(true, false), Arbitraries.just(null));
        Arbitrary<Object> list = scalar.list().ofMaxSize(3).map(l -> l);
        return Arbitraries.maps(text, Arbitraries.oneOf(scalar, list)).ofMaxSize(5);
    }
}
