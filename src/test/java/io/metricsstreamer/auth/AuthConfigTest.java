package io.metricsstreamer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.testing.Tokens;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The security options as the server validates them before anything starts. */
class AuthConfigTest {
    private static String refusal(Runnable build) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, build::run);
        assertThat(e).isNotNull();
        return e.getMessage();
    }

    @Test
    void authIsOffAndEveryOriginAllowedByDefault() {
        AuthConfig auth = StreamerConfig.builder().build().auth();

        assertThat(auth).isEqualTo(AuthConfig.NONE);
        assertThat(auth.authEnabled()).isFalse();
        assertThat(auth.checksOrigins()).isFalse();
    }

    @Test
    void refusesASecretShorterThan32BytesNamingTheOption() {
        assertThat(refusal(() -> StreamerConfig.builder().authJwtSecret("0123456789abcdef0123456789abcde").build()))
                .isEqualTo("--auth-jwt-secret must be at least 32 bytes (256 bits) for HS256, was 31 bytes; make one "
                        + "with: openssl rand -base64 48");
        // Bytes, not characters: 11 three-byte characters are 33 bytes.
        assertThat(StreamerConfig.builder().authJwtSecret("€".repeat(11)).build().auth().authEnabled()).isTrue();
    }

    @Test
    void neverShowsTheSecret() {
        StreamerConfig config = StreamerConfig.builder().authJwtSecret(Tokens.SECRET).build();

        assertThat(config.toString()).doesNotContain(Tokens.SECRET).contains("jwtSecret=(hidden)");
    }

    @Test
    void refusesAPublicKeyFileThatCannotBeRead(@TempDir Path dir) {
        assertThat(refusal(() -> StreamerConfig.builder().authJwtPublicKey(dir.resolve("nope.pem")).build()))
                .startsWith("--auth-jwt-public-key " + dir.resolve("nope.pem") + " cannot be read");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3601})
    void refusesAClockSkewOutOfRange(int skew) {
        assertThat(refusal(() -> StreamerConfig.builder().authClockSkewSeconds(skew).build()))
                .isEqualTo("--auth-clock-skew must be 0..3600 seconds, was " + skew);
    }

    @Test
    void bringsOriginsToTheFormBrowsersSend() {
        AuthConfig auth = StreamerConfig.builder().allowedOrigins(List.of("HTTPS://Dash.Example.com",
                "https://dash.example.com:443/", "http://127.0.0.1:5000", " ", "http://localhost:80")).build().auth();

        assertThat(auth.allowedOrigins())
                .containsExactly("https://dash.example.com", "http://127.0.0.1:5000", "http://localhost");
        assertThat(auth.checksOrigins()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash.example.com", "https://dash.example.com/app", "*", "null", "ftp://x.example",
        "https://user@x.example", "https://x.example?a=1"})
    void refusesWhatIsNotAnOrigin(String origin) {
        assertThat(refusal(() -> StreamerConfig.builder().allowedOrigins(List.of(origin)).build()))
                .startsWith("--allowed-origins: '" + origin + "' is not an origin");
    }
}
