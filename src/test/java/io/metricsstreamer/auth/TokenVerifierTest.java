package io.metricsstreamer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.metricsstreamer.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §10: which tokens pass, with real signatures by generated keys, and why the others are refused. */
class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant IN_AN_HOUR = NOW.plusSeconds(3600);
    private static final byte[] SECRET = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenVerifier hs = new TokenVerifier(SECRET, null, 0, clock);
    private final TokenVerifier rs = new TokenVerifier(null, Tokens.rsa().toPublicJWK(), 0, clock);
    private final TokenVerifier es = new TokenVerifier(null, Tokens.ec().toPublicJWK(), 0, clock);
    private final TokenVerifier both = new TokenVerifier(SECRET, Tokens.rsa().toPublicJWK(), 0, clock);

    private static String token(JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> more) {
        JWTClaimsSet.Builder b = Tokens.claims("alice", IN_AN_HOUR);
        more.accept(b);
        return Tokens.sign(alg, b.build());
    }

    private static String refusal(TokenVerifier verifier, String token) {
        InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class, () -> verifier.verify(token));
        assertThat(e).as("refusal of %s", token).isNotNull();
        return e.getMessage();
    }

    @Test
    void acceptsAnHs256TokenAndReadsEveryClaim() throws InvalidTokenException {
        String token = token(JWSAlgorithm.HS256, b -> b.claim("metric_types", List.of("System", "agent"))
                .claim("agent_ids", List.of("a1", "a2", "a1")).claim("publish", true).claim("admin", false));

        Principal p = hs.verify(token);

        assertThat(p).isEqualTo(new Principal("alice", List.of("system", "agent"), List.of("a1", "a2"), true, false,
                IN_AN_HOUR));
    }

    @Test
    void aTokenWithoutCeilingsOrPermissionsAllowsEveryTypeAndAgentAndNothingMore() throws InvalidTokenException {
        Principal p = hs.verify(token(JWSAlgorithm.HS256, b -> { }));

        assertThat(p.metricTypes()).isNull();
        assertThat(p.agentIds()).isNull();
        assertThat(p.has(Permission.PUBLISH)).isFalse();
        assertThat(p.has(Permission.ADMIN)).isFalse();
    }

    @Test
    void metricTypesNamingAllSetNoCeiling() throws InvalidTokenException {
        Principal p = hs.verify(token(JWSAlgorithm.HS256, b -> b.claim("metric_types", List.of("system", "ALL"))));

        assertThat(p.metricTypes()).isNull();
    }

    @Test
    void acceptsRs256AndEs256TokensSignedByTheirPrivateKeys() throws InvalidTokenException {
        assertThat(rs.verify(token(JWSAlgorithm.RS256, b -> b.claim("admin", true))).admin()).isTrue();
        assertThat(es.verify(token(JWSAlgorithm.ES256, b -> { })).subject()).isEqualTo("alice");
        assertThat(rs.algorithms()).containsExactly("RS256");
        assertThat(es.algorithms()).containsExactly("ES256");
    }

    @Test
    void aVerifierWithASecretAndAPublicKeyAcceptsEachAlgorithmWithItsOwnKeyOnly() throws InvalidTokenException {
        assertThat(both.verify(token(JWSAlgorithm.HS256, b -> { })).subject()).isEqualTo("alice");
        assertThat(both.verify(token(JWSAlgorithm.RS256, b -> { })).subject()).isEqualTo("alice");
        assertThat(refusal(both, token(JWSAlgorithm.ES256, b -> { })))
                .isEqualTo("tokens signed with ES256 are refused; this server accepts [HS256, RS256]");
    }

    @Test
    void refusesATamperedPayload() {
        String token = token(JWSAlgorithm.HS256, b -> { });
        String tampered = Tokens.withPayload(token, Tokens.claims("alice", IN_AN_HOUR).claim("admin", true).build());

        assertThat(refusal(hs, tampered)).isEqualTo("the token's signature does not verify");
        String rsTampered = Tokens.withPayload(token(JWSAlgorithm.RS256, b -> { }),
                Tokens.claims("mallory", IN_AN_HOUR).build());
        assertThat(refusal(rs, rsTampered)).isEqualTo("the token's signature does not verify");
    }

    @Test
    void refusesATokenSignedWithAnotherSecretOrKey() throws JOSEException {
        String otherSecret = Tokens.sign(new MACSigner("another-secret-of-at-least-32-bytes-long!!"),
                JWSAlgorithm.HS256, Tokens.claims("alice", IN_AN_HOUR).build());
        String otherKey = Tokens.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()), JWSAlgorithm.RS256,
                Tokens.claims("alice", IN_AN_HOUR).build());

        assertThat(refusal(hs, otherSecret)).isEqualTo("the token's signature does not verify");
        assertThat(refusal(rs, otherKey)).isEqualTo("the token's signature does not verify");
    }

    @Test
    void refusesAnUnsignedTokenWithAlgNone() {
        String none = new PlainJWT(Tokens.claims("alice", IN_AN_HOUR).claim("admin", true).build()).serialize();
        // The same, with a signature part left on: still no signature this server checks.
        String signed = token(JWSAlgorithm.HS256, b -> { });
        String noneWithSignature = Base64URL.encode("{\"alg\":\"none\"}") + "." + signed.split("\\.")[1] + "."
                + signed.split("\\.")[2];

        for (TokenVerifier v : List.of(hs, rs, es, both)) {
            assertThat(refusal(v, none)).startsWith("unsigned tokens (alg none) are refused");
            assertThat(refusal(v, noneWithSignature)).isNotEmpty();
        }
    }

    @Test
    void refusesAnHs256TokenWhoseHmacKeyIsTheRsaPublicKeyAlgorithmConfusion(@TempDir Path dir) throws Exception {
        // The classic attack: the public key is public, so an attacker signs HS256 with its bytes (the PEM text a
        // naive server would use as an HMAC secret, or the DER encoding) and hopes the server verifies with it.
        byte[] pem = Files.readAllBytes(Tokens.rsaPublicPem(dir));
        byte[] der = Tokens.rsa().toRSAPublicKey().getEncoded();
        for (byte[] keyBytes : List.of(pem, der)) {
            String forged = Tokens.sign(new MACSigner(keyBytes), JWSAlgorithm.HS256,
                    Tokens.claims("mallory", IN_AN_HOUR).claim("admin", true).build());

            assertThat(refusal(rs, forged)).isEqualTo("tokens signed with HS256 are refused; this server accepts "
                    + "[RS256]");
            assertThat(refusal(both, forged)).isEqualTo("the token's signature does not verify");
        }
    }

    @Test
    void refusesAlgorithmsItWasNotConfiguredFor() throws JOSEException {
        assertThat(refusal(hs, token(JWSAlgorithm.RS256, b -> { })))
                .isEqualTo("tokens signed with RS256 are refused; this server accepts [HS256]");
        assertThat(refusal(rs, token(JWSAlgorithm.ES256, b -> { })))
                .isEqualTo("tokens signed with ES256 are refused; this server accepts [RS256]");
        assertThat(refusal(es, token(JWSAlgorithm.RS256, b -> { })))
                .isEqualTo("tokens signed with RS256 are refused; this server accepts [ES256]");
        String hs512 = Tokens.sign(new MACSigner((Tokens.SECRET + Tokens.SECRET).getBytes(StandardCharsets.UTF_8)),
                JWSAlgorithm.HS512, Tokens.claims("alice", IN_AN_HOUR).build());
        assertThat(refusal(hs, hs512)).isEqualTo("tokens signed with HS512 are refused; this server accepts [HS256]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "a.b", "a.b.c", "!!!.###.$$$", "eyJhbGciOiJIUzI1NiJ9..", "x.y.z.w.v.u"})
    void refusesWhatIsNotAJwt(String token) {
        assertThat(refusal(hs, token)).isNotEmpty();
    }

    @Test
    void refusesATokenLongerThanTheBound() {
        assertThat(refusal(hs, "a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1))).contains("at most 8192");
    }

    @Test
    void expiryIsEnforcedToTheSecond() throws InvalidTokenException {
        String expiresNow = Tokens.sign(JWSAlgorithm.HS256, Tokens.claims("alice", NOW).build());
        String expiresInASecond = Tokens.sign(JWSAlgorithm.HS256, Tokens.claims("alice", NOW.plusSeconds(1)).build());

        assertThat(refusal(hs, expiresNow)).isEqualTo("the token expired at 2026-03-01T12:00:00Z");
        assertThat(hs.verify(expiresInASecond).expiresAt()).isEqualTo(NOW.plusSeconds(1));
        TokenVerifier justBefore = new TokenVerifier(SECRET, null, 0,
                Clock.fixed(NOW.plusMillis(999), ZoneOffset.UTC));
        TokenVerifier atIt = new TokenVerifier(SECRET, null, 0, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC));
        assertThat(justBefore.verify(expiresInASecond).subject()).isEqualTo("alice");
        assertThat(refusal(atIt, expiresInASecond)).startsWith("the token expired at");
    }

    @Test
    void aClockSkewAcceptsTokensThatManySecondsPastExpAndNoMore() throws InvalidTokenException {
        TokenVerifier skewed = new TokenVerifier(SECRET, null, 5, clock);

        assertThat(skewed.verify(Tokens.sign(JWSAlgorithm.HS256, Tokens.claims("a", NOW.minusSeconds(4)).build())))
                .isNotNull();
        assertThat(refusal(skewed, Tokens.sign(JWSAlgorithm.HS256, Tokens.claims("a", NOW.minusSeconds(5)).build())))
                .startsWith("the token expired at");
    }

    @Test
    void refusesATokenWithoutExp() {
        String noExp = Tokens.sign(JWSAlgorithm.HS256, new JWTClaimsSet.Builder().subject("alice").build());

        assertThat(refusal(hs, noExp)).isEqualTo("the token has no exp (expiry) claim; tokens must expire");
        assertThat(refusal(rs, Tokens.sign(JWSAlgorithm.RS256, new JWTClaimsSet.Builder().subject("a").build())))
                .contains("no exp");
    }

    @Test
    void refusesATokenBeforeItsNotBeforeTime() {
        String later = token(JWSAlgorithm.HS256, b -> b.notBeforeTime(Date.from(NOW.plusSeconds(60))));

        assertThat(refusal(hs, later)).isEqualTo("the token is not valid before 2026-03-01T12:01:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"metric_types=system", "agent_ids=[1]", "publish=yes", "admin=1", "sub=[1]"})
    void refusesClaimsOfTheWrongShape(String claim) {
        String name = claim.substring(0, claim.indexOf('='));
        String value = claim.substring(claim.indexOf('=') + 1);
        Object json = switch (value) {
            case "[1]" -> List.of(1);
            case "1" -> Integer.parseInt(value);
            default -> value;
        };
        String token = name.equals("sub") ? Tokens.sign(JWSAlgorithm.HS256, new JWTClaimsSet.Builder()
                .expirationTime(Date.from(IN_AN_HOUR)).claim("sub", json).build())
                : token(JWSAlgorithm.HS256, b -> b.claim(name, json));

        assertThat(refusal(hs, token)).contains(name);
    }

    @Test
    void withAnIssuerConfiguredOnlyTokensOfThatIssuerAreAccepted() throws InvalidTokenException {
        TokenVerifier strict = new TokenVerifier(SECRET, null, 0, clock, "https://idp.example.com", null);

        assertThat(strict.verify(token(JWSAlgorithm.HS256, b -> b.issuer("https://idp.example.com"))).subject())
                .isEqualTo("alice");
        assertThat(refusal(strict, token(JWSAlgorithm.HS256, b -> b.issuer("https://other.example.com"))))
                .isEqualTo("the token's issuer is not https://idp.example.com");
        assertThat(refusal(strict, token(JWSAlgorithm.HS256, b -> { })))
                .isEqualTo("the token has no iss (issuer) claim; this server takes tokens of issuer "
                        + "https://idp.example.com");
        assertThat(hs.verify(token(JWSAlgorithm.HS256, b -> b.issuer("anyone"))).subject())
                .as("not checked unless configured").isEqualTo("alice");
    }

    @Test
    void withAnAudienceConfiguredATokensAudMustHoldIt() throws InvalidTokenException {
        TokenVerifier strict = new TokenVerifier(SECRET, null, 0, clock, null, "metrics-streamer");

        assertThat(strict.verify(token(JWSAlgorithm.HS256, b -> b.audience("metrics-streamer"))).subject())
                .isEqualTo("alice");
        assertThat(strict.verify(token(JWSAlgorithm.HS256, b -> b.audience(List.of("grafana", "metrics-streamer"))))
                .subject()).as("one of a list").isEqualTo("alice");
        assertThat(refusal(strict, token(JWSAlgorithm.HS256, b -> b.audience("grafana"))))
                .isEqualTo("the token is not meant for this server: its audience lacks metrics-streamer");
        assertThat(refusal(strict, token(JWSAlgorithm.HS256, b -> { })))
                .isEqualTo("the token has no aud (audience) claim; this server takes tokens for metrics-streamer");
    }

    @Test
    void issuerAndAudienceAreCheckedAfterTheSignature() {
        TokenVerifier strict = new TokenVerifier(SECRET, null, 0, clock, "idp", "ms");
        String forged = Tokens.sign(JWSAlgorithm.RS256, Tokens.claims("mallory", IN_AN_HOUR).issuer("idp")
                .audience("ms").build());

        assertThat(refusal(strict, forged)).as("right claims, wrong key").contains("RS256");
    }

    @Test
    void aVerifierNeedsAKey() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new TokenVerifier(null, null, 0, clock)))
                .hasMessageContaining("a secret or a public key");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new TokenVerifier(new byte[31], null, 0, clock))).hasMessageContaining("at least 32 bytes");
    }
}
