package io.metricsstreamer.cli;

import static io.metricsstreamer.testing.TestTls.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The TLS options ({@code --tls-cert}, {@code --tls-key}, {@code --tls-self-signed}, {@code --tls-engine}) from the
 * command line, the environment and a config file, and every way they can be wrong: refused before anything listens,
 * with a message naming the option, the file and where its value came from. The Java API's builder refuses the same
 * combinations.
 */
class TlsOptionsTest {
    private static final String[] EPHEMERAL = {"--host", "127.0.0.1", "--port", "0", "--http-port", "0"};

    @TempDir
    Path tmp;

    @Test
    void theOptionsReachTheConfigFromTheCommandLineTheEnvironmentAndAFile() throws Exception {
        StreamerConfig flags = config(Map.of(), "--tls-cert", "cert.pem", "--tls-key", "key.pem");
        assertThat(flags.tlsCert()).isEqualTo(Path.of("cert.pem"));
        assertThat(flags.tlsKey()).isEqualTo(Path.of("key.pem"));
        assertThat(flags.tlsSelfSigned()).isFalse();
        assertThat(flags.tlsEnabled()).isTrue();

        assertThat(config(Map.of("METRICS_STREAMER_TLS_SELF_SIGNED", "true")).tlsSelfSigned()).isTrue();
        Path file = Files.writeString(tmp.resolve("ms.properties"), "tls-cert = /etc/ms/fullchain.pem\n"
                + "tls-key = /etc/ms/privkey.pem\n");
        StreamerConfig fromFile = config(Map.of(), "--config", file.toString());
        assertThat(fromFile.tlsCert()).isEqualTo(Path.of("/etc/ms/fullchain.pem"));
        assertThat(fromFile.tlsKey()).isEqualTo(Path.of("/etc/ms/privkey.pem"));

        StreamerConfig none = config(Map.of());
        assertThat(none.tlsEnabled()).isFalse();
        assertThat(none.tlsCert()).isNull();
    }

    @Test
    void theEngineComesFromTheCommandLineTheEnvironmentOrAFileInAnyCaseAndIsAutoByDefault() throws Exception {
        assertThat(config(Map.of()).tlsEngine()).isEqualTo(TlsEngine.AUTO);
        assertThat(config(Map.of(), "--tls-engine", "jdk").tlsEngine()).isEqualTo(TlsEngine.JDK);
        assertThat(config(Map.of(), "--tls-engine", "OpenSSL").tlsEngine()).isEqualTo(TlsEngine.OPENSSL);
        assertThat(config(Map.of("METRICS_STREAMER_TLS_ENGINE", "openssl")).tlsEngine()).isEqualTo(TlsEngine.OPENSSL);
        Path file = Files.writeString(tmp.resolve("ms.properties"), "tls-engine = jdk\n");
        assertThat(config(Map.of(), "--config", file.toString()).tlsEngine()).isEqualTo(TlsEngine.JDK);
        assertThat(StreamerConfig.builder().build().tlsEngine()).isEqualTo(TlsEngine.AUTO);
    }

    @Test
    void anEngineThatIsNoneOfTheThreeIsRefusedNamingThem() {
        Result run = run(Map.of("METRICS_STREAMER_TLS_ENGINE", "boringssl"), "--tls-self-signed");

        assertRefused(run, "error: Invalid value for option '--tls-engine': 'boringssl' is not a TLS engine (valid, in "
                + "any case: auto, openssl, jdk) (from environment variable METRICS_STREAMER_TLS_ENGINE)");
        assertThatThrownBy(() -> StreamerConfig.builder().tlsEngine(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--tls-engine must be auto, openssl or jdk");
    }

    @Test
    void aCertificateWithoutItsKeyOrTheOtherWayRoundIsRefused() {
        assertRefused(run(Map.of(), "--tls-cert", fixture("rsa.crt").toString()),
                "error: --tls-cert needs --tls-key (the certificate's private key, PEM)");
        assertRefused(run(Map.of(), "--tls-key", fixture("rsa-pkcs8.key").toString()),
                "error: --tls-key needs --tls-cert (the certificate chain, PEM)");
    }

    @Test
    void aCertificateAndSelfSignedTogetherAreRefused() {
        assertRefused(run(Map.of(), "--tls-self-signed", "--tls-cert", fixture("rsa.crt").toString(), "--tls-key",
                fixture("rsa-pkcs8.key").toString()), "error: --tls-self-signed makes its own certificate: give "
                + "either it or --tls-cert and --tls-key, not both");
    }

    @Test
    void aMissingFileIsNamedWithTheVariableItCameFrom() {
        Path missing = tmp.resolve("fullchain.pem");

        Result run = run(Map.of("METRICS_STREAMER_TLS_CERT", missing.toString()), "--tls-key",
                fixture("rsa-pkcs8.key").toString());

        assertRefused(run, "error: --tls-cert " + missing + ": no such file (from environment variable "
                + "METRICS_STREAMER_TLS_CERT)");
    }

    @Test
    void aFileThatIsNotPemAndAKeyOfAnotherCertificateAreRefused() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("key.pem"), "hello\n");

        assertRefused(run(Map.of(), "--tls-cert", fixture("rsa.crt").toString(), "--tls-key", garbage.toString()),
                "error: --tls-key " + garbage + ": not a PEM file (no -----BEGIN line)");
        assertRefused(run(Map.of(), "--tls-cert", fixture("rsa.crt").toString(), "--tls-key",
                fixture("ec-pkcs8.key").toString()), "error: --tls-key " + fixture("ec-pkcs8.key")
                + " is not the key of the certificate in --tls-cert " + fixture("rsa.crt") + " (CN=localhost): give "
                + "the key the certificate was made for");
    }

    @Test
    void theJavaApiRefusesTheSameCombinationsAndTheSameFiles() {
        assertThatThrownBy(() -> StreamerConfig.builder().tlsCert(fixture("rsa.crt")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert needs --tls-key");
        assertThatThrownBy(() -> StreamerConfig.builder().tlsSelfSigned(true).tlsCert(fixture("rsa.crt"))
                .tlsKey(fixture("rsa-pkcs8.key")).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-self-signed");

        RealTimeMetricsStreamer streamer = new RealTimeMetricsStreamer(StreamerConfig.builder().host("127.0.0.1")
                .port(0).httpPort(0).tlsCert(fixture("rsa.crt")).tlsKey(fixture("rsa.crt")).build());
        assertThatThrownBy(streamer::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("--tls-key " + fixture("rsa.crt") + ": it holds a certificate, not a private key: are "
                        + "--tls-cert and --tls-key swapped?");
        assertThat(streamer.isRunning()).isFalse();
    }

    @Test
    void serveHelpDescribesTheTlsOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("serve", "--help")).isZero();

        for (String option : List.of("--tls-cert", "--tls-key", "--tls-self-signed", "--tls-engine")) {
            assertThat(out.toString()).containsPattern("(?m)^\\s+" + Pattern.quote(option) + "[= \\n]");
        }
        String flowed = out.toString().replaceAll("\\s+", " ");
        assertThat(flowed).contains("PKCS#8, PKCS#1 (RSA) or EC").contains("SHA-256 fingerprint")
                .contains("--tls-engine=auto|openssl|jdk").contains("(default: auto)");
    }

    /** The config {@code serve args} would run with, options also from {@code env}. */
    private static StreamerConfig config(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        String[] argv = all.toArray(new String[0]);
        ConfigSources sources = ConfigSources.load(env, argv);
        CommandLine cli = Main.commandLine(sources);
        sources.requireKnown(cli);
        CommandLine.ParseResult serve = cli.parseArgs(argv).subcommand();
        return ((ServerOptions) serve.commandSpec().mixins().get("options").userObject()).toConfig();
    }

    /** Runs {@code serve} on ephemeral ports with {@code args} (only for runs that cannot start: it would block). */
    private static Result run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(EPHEMERAL));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(env, all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, err.toString());
    }

    private static void assertRefused(Result run, String message) {
        assertThat(run.status()).as("exit status; stderr: %s", run.err()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo(message);
    }

    private record Result(int status, String err) {
    }
}
