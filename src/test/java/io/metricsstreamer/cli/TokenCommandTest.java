package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.auth.AccessPolicy;
import io.metricsstreamer.auth.InvalidTokenException;
import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.auth.TokenVerifier;
import io.metricsstreamer.testing.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code token} command: what it prints verifies on a server with the matching key, with the claims asked for. */
class TokenCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(Map.of(), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    /** The token printed, verified by a server configured as {@code config}. */
    private static Principal verified(Result r, StreamerConfig.Builder config) throws InvalidTokenException {
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).as("one line: the token alone").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\\R");
        TokenVerifier verifier = AccessPolicy.of(config.build().auth(), Clock.systemUTC()).verifier();
        return verifier.verify(r.out().trim());
    }

    @Test
    void mintsAnHs256TokenFromTheSecretFileWithEveryClaimAskedFor() throws Exception {
        Path secret = Tokens.write(dir, "secret.txt", Tokens.SECRET + "\n");
        Instant before = Instant.now();

        Result r = run("token", "--secret-file", secret.toString(), "--sub", "alice", "--expires-in", "8h",
                "--metric-types", "system,Agent", "--agent-ids", "a1,a2", "--publish");

        Principal p = verified(r, StreamerConfig.builder().authJwtSecret(Tokens.SECRET));
        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.metricTypes()).containsExactly("system", "agent");
        assertThat(p.agentIds()).containsExactly("a1", "a2");
        assertThat(p.publish()).isTrue();
        assertThat(p.admin()).isFalse();
        assertThat(Duration.between(before, p.expiresAt())).isBetween(Duration.ofHours(8).minusSeconds(2),
                Duration.ofHours(8).plusSeconds(2));
        assertThat(SignedJWT.parse(r.out().trim()).getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(r.err()).contains("HS256 token for alice, expires");
    }

    @Test
    void mintsRs256AndEs256TokensFromPrivateKeysAServerWithThePublicKeyAccepts() throws Exception {
        Path rsa = Tokens.pem(dir, "rsa.pem", Tokens.rsa().toKeyPair());
        Path ec = Tokens.ecPrivatePem(dir, "ec.pem", true);

        Principal admin = verified(run("token", "--private-key", rsa.toString(), "--sub", "root", "--admin"),
                StreamerConfig.builder().authJwtPublicKey(Tokens.rsaPublicPem(dir)));
        Result es = run("token", "--private-key", ec.toString(), "--sub", "dash", "--expires-in", "90s");
        Principal dash = verified(es, StreamerConfig.builder().authJwtPublicKey(Tokens.ecPublicPem(dir)));

        assertThat(admin.admin()).isTrue();
        assertThat(admin.metricTypes()).isNull();
        assertThat(dash.subject()).isEqualTo("dash");
        assertThat(SignedJWT.parse(es.out().trim()).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(Duration.between(Instant.now(), dash.expiresAt())).isLessThanOrEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void issAndAudGoIntoTheTokenForAServerThatChecksThem() throws Exception {
        Path secret = Tokens.write(dir, "secret.txt", Tokens.SECRET + "\n");
        StreamerConfig.Builder strict = StreamerConfig.builder().authJwtSecret(Tokens.SECRET)
                .authJwtIssuer("ops-team").authJwtAudience("metrics-streamer");

        Result r = run("token", "--secret-file", secret.toString(), "--sub", "ci", "--iss", "ops-team", "--aud",
                "metrics-streamer");

        assertThat(verified(r, strict).subject()).isEqualTo("ci");
        assertThat(r.err()).contains("issuer ops-team, audience metrics-streamer");
        Result without = run("token", "--secret-file", secret.toString(), "--sub", "ci");
        assertThatThrownBy(() -> verified(without, strict)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("no iss");
        assertThat(run("token", "--secret-file", secret.toString(), "--sub", "ci", "--aud", " ").err())
                .contains("--aud must not be empty");
    }

    @Test
    void theDefaultIsAnHourAndEveryTypeAndAgent() throws Exception {
        Path secret = Tokens.write(dir, "secret.txt", Tokens.SECRET);

        Principal p = verified(run("token", "--secret-file", secret.toString(), "--sub", "bob"),
                StreamerConfig.builder().authJwtSecret(Tokens.SECRET));

        assertThat(Duration.between(Instant.now(), p.expiresAt())).isBetween(Duration.ofMinutes(59),
                Duration.ofMinutes(60));
        assertThat(p.metricTypes()).isNull();
        assertThat(p.agentIds()).isNull();
        assertThat(p.publish() || p.admin()).isFalse();
    }

    @Test
    void refusesWhatCannotMakeAGoodTokenSayingWhy() throws Exception {
        Path secret = Tokens.write(dir, "secret.txt", Tokens.SECRET);
        Path shortSecret = Tokens.write(dir, "short.txt", "too short\n");
        Path rsa = Tokens.pem(dir, "rsa.pem", Tokens.rsa().toKeyPair());

        Map<List<String>, String> cases = Map.of(
                List.of("--secret-file", shortSecret.toString(), "--sub", "a"), "error: the secret is 9 bytes",
                List.of("--secret-file", dir.resolve("nope").toString(), "--sub", "a"), "cannot be read: no such file",
                List.of("--secret-file", secret.toString(), "--private-key", rsa.toString(), "--sub", "a"),
                "mutually exclusive",
                List.of("--sub", "a"), "Missing required argument",
                List.of("--secret-file", secret.toString()), "Missing required option: '--sub=NAME'",
                List.of("--secret-file", secret.toString(), "--sub", "a", "--expires-in", "soon"), "not a duration",
                List.of("--secret-file", secret.toString(), "--sub", "a", "--metric-types", "sys tem"),
                "not a metric type name",
                List.of("--private-key", Tokens.rsaPublicPem(dir).toString(), "--sub", "a"),
                "signing needs the private key");
        cases.forEach((args, message) -> {
            String[] all = new String[args.size() + 1];
            all[0] = "token";
            System.arraycopy(args.toArray(new String[0]), 0, all, 1, args.size());
            Result r = run(all);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).as(String.join(" ", args)).contains(message);
        });
    }
}
