package io.metricsstreamer.transport.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 section 7.1 from the server's side: what each offer is answered with, or that it is declined. */
class DeflateNegotiationTest {
    private static final String BASE = "permessage-deflate; server_no_context_takeover";

    private static DeflateNegotiation.Agreement negotiate(String... headerLines) {
        return DeflateNegotiation.negotiate(List.of(headerLines));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate | " + BASE,
        "permessage-deflate; client_max_window_bits | " + BASE,
        "permessage-deflate; client_max_window_bits=10 | " + BASE,
        "permessage-deflate; client_max_window_bits=\"12\" | " + BASE,
        "permessage-deflate; server_no_context_takeover | " + BASE,
        "permessage-deflate; client_no_context_takeover | " + BASE + "; client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=15 | " + BASE + "; server_max_window_bits=15",
        "PerMessage-Deflate ;  Client_No_Context_Takeover | " + BASE + "; client_no_context_takeover",
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; "
                + "client_max_window_bits | " + BASE + "; client_no_context_takeover; server_max_window_bits=15",
    })
    void anAcceptableOfferIsAnsweredWithServerNoContextTakeoverAndWhatItAskedFor(String offer, String answer) {
        assertThat(negotiate(offer).response()).isEqualTo(answer);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "permessage-deflate; server_max_window_bits=10",
        "permessage-deflate; server_max_window_bits=8",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; client_max_window_bits=010",
        "permessage-deflate; client_max_window_bits=x",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=true",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; Server_No_Context_Takeover; server_no_context_takeover",
        "permessage-deflate; mystery_parameter",
        "permessage-deflate; =15",
        "permessage-deflate; client_max_window_bits=\"1\"5\"",
        "permessage-deflate;;",
        "x-webkit-deflate-frame",
        "deflate-frame; no_context_takeover",
        "",
    })
    void anOfferTheServerCannotHonourOrThatBreaksTheGrammarIsDeclined(String offer) {
        assertThat(negotiate(offer)).isNull();
    }

    @Test
    void noHeaderMeansNoExtension() {
        assertThat(negotiate()).isNull();
    }

    @Test
    void theFirstAcceptableOfferInTheClientsOrderIsTheOneAccepted() {
        assertThat(negotiate("permessage-deflate; server_max_window_bits=10, permessage-deflate; "
                + "client_no_context_takeover, permessage-deflate").response())
                .isEqualTo(BASE + "; client_no_context_takeover");
        assertThat(negotiate("x-webkit-deflate-frame", "permessage-deflate; server_max_window_bits=9",
                "permessage-deflate").response()).as("offers on several header lines").isEqualTo(BASE);
    }

    @Test
    void aClientThatOfferedNoContextTakeoverKeepsNoContextAndAnyOtherKeepsItsWholeWindow() {
        assertThat(negotiate("permessage-deflate; client_no_context_takeover").newClientContext()).isNull();
        ClientContext kept = negotiate("permessage-deflate; client_max_window_bits=9").newClientContext();
        assertThat(kept).isNotNull();
        kept.append(new byte[40_000], 0, 40_000);
        assertThat(kept.length()).as("a client may refer back 32 KiB, whatever it offered").isEqualTo(32 * 1024);
    }
}
