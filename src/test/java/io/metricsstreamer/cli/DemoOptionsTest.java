package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.demo.LoadProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code demo}'s own options, parsed in process: nothing is started. */
class DemoOptionsTest {
    @ParameterizedTest
    @CsvSource({"ramp, RAMP", "RAMP, RAMP", "Sustained, SUSTAINED", "burst, BURST", "wAvE, WAVE", "mixed, MIXED"})
    void theProfileIsReadInAnyCaseAsMetricTypesAre(String given, LoadProfile expected) {
        CommandLine.ParseResult demo = Main.commandLine().parseArgs("demo", "--profile", given).subcommand();

        assertThat(((DemoCommand) demo.commandSpec().userObject()).profile).isEqualTo(expected);
    }

    @Test
    void theProfileDefaultsToMixed() {
        CommandLine.ParseResult demo = Main.commandLine().parseArgs("demo").subcommand();

        assertThat(((DemoCommand) demo.commandSpec().userObject()).profile).isEqualTo(LoadProfile.MIXED);
    }

    @Test
    void anUnknownProfileExitsNonZeroNamingItAndTheValidOnes() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int status = cli.execute("demo", "--profile", "spiky", "--port", "0", "--http-port", "0");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("--profile").contains("'spiky' is not a load profile")
                .contains("ramp, sustained, burst, wave, mixed");
    }
}
