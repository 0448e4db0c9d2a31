package io.metricsstreamer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricsstreamer.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a token is found, and which origins may open a WebSocket. */
class AccessPolicyTest {
    private final TokenVerifier verifier = new TokenVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null,
            0, Clock.systemUTC());
    private final AccessPolicy policy = new AccessPolicy(verifier, List.of("https://dash.example.com"));

    private InvalidTokenException refusal(String header, List<String> query) {
        InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class,
                () -> policy.authenticate(header, query));
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void readsTheTokenFromABearerHeaderInAnyCaseOfTheScheme() throws InvalidTokenException {
        String token = Tokens.hs256("alice");

        assertThat(policy.authenticate("Bearer " + token, null).subject()).isEqualTo("alice");
        assertThat(policy.authenticate("bearer   " + token + " ", List.of()).subject()).isEqualTo("alice");
    }

    @Test
    void readsTheTokenFromTheUrlWhereTheRequestMayCarryIt() throws InvalidTokenException {
        assertThat(policy.authenticate(null, List.of(Tokens.hs256("bob"))).subject()).isEqualTo("bob");
    }

    @Test
    void noTokenIsMissingAndSaysWhereToPutIt() {
        InvalidTokenException ws = refusal(null, List.of());
        InvalidTokenException http = refusal(null, null);

        assertThat(ws.isMissing()).isTrue();
        assertThat(ws.getMessage()).contains("Authorization: Bearer TOKEN").contains("?token=TOKEN");
        assertThat(http.getMessage()).isEqualTo("a token is required: send Authorization: Bearer TOKEN");
    }

    @Test
    void refusesTwoTokensAndOtherSchemes() {
        String token = Tokens.hs256("alice");

        assertThat(refusal("Bearer " + token, List.of(token)).getMessage()).startsWith("give one token");
        assertThat(refusal(null, List.of(token, token)).getMessage()).startsWith("give one token");
        assertThat(refusal("Basic YWxpY2U6cHc=", null).getMessage()).contains("must be 'Bearer TOKEN'");
        assertThat(refusal("Bearer", null).getMessage()).contains("must be 'Bearer TOKEN'");
        assertThat(refusal("Bearer x.y.z", null).isMissing()).isFalse();
    }

    @Test
    void withAuthenticationOffNobodyNeedsATokenAndThereIsNoPrincipal() throws InvalidTokenException {
        assertThat(AccessPolicy.OPEN.authEnabled()).isFalse();
        assertThat(AccessPolicy.OPEN.authenticate(null, List.of())).isNull();
        assertThat(AccessPolicy.OPEN.authenticate("Bearer garbage", null)).isNull();
    }

    @Test
    void anOriginMustBeListedButNoOriginIsLetThrough() {
        assertThat(policy.originAllowed("https://dash.example.com")).isTrue();
        assertThat(policy.originAllowed("https://DASH.example.com:443")).isTrue();
        assertThat(policy.originAllowed(null)).as("not a browser").isTrue();
        assertThat(policy.originAllowed("https://evil.example")).isFalse();
        assertThat(policy.originAllowed("http://dash.example.com")).as("another scheme").isFalse();
        assertThat(policy.originAllowed("https://dash.example.com:8443")).as("another port").isFalse();
        assertThat(policy.originAllowed("null")).isFalse();
        assertThat(AccessPolicy.OPEN.originAllowed("https://evil.example")).isTrue();
    }
}
