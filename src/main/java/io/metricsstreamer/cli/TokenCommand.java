package io.metricsstreamer.cli;

import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.auth.TokenMinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code token}: mints a token the server accepts, for a dashboard, a publisher or an administrator, and prints it
 * (the compact JWT alone on standard output, a summary on standard error). Signs with the HS256 secret the server
 * has ({@code --auth-jwt-secret}), read from a file, or with the RSA or EC private key whose public half the server
 * has ({@code --auth-jwt-public-key}).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a token for a dashboard, publisher or admin: prints the JWT (use it as "
                + "Authorization: Bearer TOKEN, or ?token=TOKEN on a page's or WebSocket's URL).")
public final class TokenCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    /** The signing key: exactly one of the two. */
    static final class Key {
        @Option(names = "--secret-file", paramLabel = "FILE", required = true,
                description = "A file holding the server's --auth-jwt-secret (its text without the trailing newline): "
                        + "signs HS256.")
        Path secretFile;

        @Option(names = "--private-key", paramLabel = "FILE", required = true,
                description = "A PEM private key (RSA: RS256; EC P-256: ES256) whose public key the server has as "
                        + "--auth-jwt-public-key.")
        Path privateKey;
    }

    @Option(names = "--sub", paramLabel = "NAME", required = true,
            description = "Who the token is for (its sub claim), shown as the client's user in the statistics.")
    String subject;

    @Option(names = "--expires-in", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "How long the token is valid: seconds, or with a unit: 90s, 15m, 8h, 7d "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration expiresIn;

    @Option(names = "--metric-types", paramLabel = "LIST", split = ",",
            description = "The most it may subscribe to (metric_types claim), comma-separated; default: every type.")
    List<String> metricTypes;

    @Option(names = "--agent-ids", paramLabel = "LIST", split = ",",
            description = "The only agents whose records it may see (agent_ids claim), comma-separated; default: "
                    + "every agent.")
    List<String> agentIds;

    @Option(names = "--iss", paramLabel = "ISSUER",
            description = "The token's iss claim: required when the server runs with --auth-jwt-issuer.")
    String issuer;

    @Option(names = "--aud", paramLabel = "AUDIENCE",
            description = "The token's aud claim: required when the server runs with --auth-jwt-audience.")
    String audience;

    @Option(names = "--publish", description = "May publish metrics over HTTP (POST /api/metrics).")
    boolean publish;

    @Option(names = "--admin", description = "May read the statistics (/api/statistics, /metrics).")
    boolean admin;

    @Override
    public Integer call() {
        if (subject.isBlank()) {
            throw new IllegalArgumentException("--sub must not be empty");
        }
        TokenMinter minter = key.secretFile != null ? TokenMinter.hs256(secret(key.secretFile))
                : TokenMinter.privateKey(key.privateKey, "--private-key");
        minter = minter.issuing(blankless(issuer, "--iss"), blankless(audience, "--aud"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(expiresIn);
        String token = minter.mint(new Principal(subject, types(metricTypes), values(agentIds, "--agent-ids"),
                publish, admin, expires), now);
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println(minter.algorithm() + " token for " + subject + ", expires " + expires
                + (metricTypes == null ? "" : ", metric types " + types(metricTypes))
                + (agentIds == null ? "" : ", agents " + values(agentIds, "--agent-ids"))
                + (publish ? ", may publish" : "") + (admin ? ", admin" : "")
                + (issuer == null ? "" : ", issuer " + issuer) + (audience == null ? "" : ", audience " + audience));
        return 0;
    }

    private static String blankless(String value, String option) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        return value;
    }

    /** The secret in {@code file}: its text, without the line ending a text editor or {@code echo} adds. */
    static byte[] secret(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--secret-file " + file + " cannot be read: "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> types(List<String> names) {
        List<String> out = values(names, "--metric-types");
        if (out == null) {
            return null;
        }
        List<String> lower = new ArrayList<>();
        for (String n : out) {
            String t = n.toLowerCase(Locale.ROOT);
            if (!t.equals("all") && !NAME.matcher(t).matches()) {
                throw new IllegalArgumentException("--metric-types: '" + n + "' is not a metric type name");
            }
            lower.add(t);
        }
        return lower.contains("all") ? null : lower;
    }

    private static List<String> values(List<String> given, String option) {
        if (given == null) {
            return null;
        }
        List<String> out = given.stream().map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException(option + " needs at least one value");
        }
        return out;
    }

    /** Durations: whole seconds, or a number with s, m, h or d. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 90s, "
                        + "15m, 8h, 7d)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
