package io.metricsstreamer.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where InfluxDB's clients put a token, read as the Bearer header the token check takes. */
class InfluxCredentialsTest {
    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenBasicAndTheUrlsPasswordBecomeBearer() {
        assertThat(InfluxCredentials.bearer("Token abc.def", null)).isEqualTo("Bearer abc.def");
        assertThat(InfluxCredentials.bearer("token  abc.def ", null)).isEqualTo("Bearer abc.def");
        assertThat(InfluxCredentials.bearer(basic("k6:abc.def"), null)).isEqualTo("Bearer abc.def");
        assertThat(InfluxCredentials.bearer(basic(":a:b"), null)).as("the password may hold a colon")
                .isEqualTo("Bearer a:b");
        assertThat(InfluxCredentials.bearer(null, List.of("first", "abc.def"))).isEqualTo("Bearer abc.def");
        assertThat(InfluxCredentials.bearer("Token header", List.of("url"))).as("the header wins")
                .isEqualTo("Bearer header");
    }

    @Test
    void anythingElseIsLeftToTheTokenCheck() {
        assertThat(InfluxCredentials.bearer("Bearer abc", null)).isNull();
        assertThat(InfluxCredentials.bearer("Basic !!notbase64", null)).isNull();
        assertThat(InfluxCredentials.bearer(basic("no-colon"), null)).isNull();
        assertThat(InfluxCredentials.bearer("Token", null)).isNull();
        assertThat(InfluxCredentials.bearer(null, null)).isNull();
        assertThat(InfluxCredentials.bearer(null, List.of())).isNull();
    }
}
