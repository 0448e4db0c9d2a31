package io.metricsstreamer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code java -jar metrics-streamer.jar}. */
@Command(name = "metrics-streamer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time metrics streaming server for stress tests: metrics in over HTTP or the Java API, "
                + "out over WebSocket to live dashboards.",
        subcommands = {ServeCommand.class, DemoCommand.class, RunCommand.class, BenchCommand.class, TokenCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Where the command line's Logback configuration is: inside this package, not {@code logback.xml} at the root,
     * so that the library jar never configures the logging of an application that embeds it.
     */
    static final String LOGBACK_CONFIGURATION = "io/metricsstreamer/cli/logback.xml";
    /** The same, writing one JSON object per line ({@code --log-format json}). */
    static final String LOGBACK_JSON_CONFIGURATION = "io/metricsstreamer/cli/logback-json.xml";

    /** Runs the command line, with options also from the environment and a config file, and exits with its status. */
    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        ConfigSources sources;
        try {
            sources = ConfigSources.load(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.exit(refused(err, e));
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            // Chosen before any logger exists, so --log-format is looked up as picocli will resolve it.
            String format = sources.resolve("--log-format", args);
            boolean json = format != null && LogFormat.JSON.name().equalsIgnoreCase(format.trim());
            System.setProperty("logback.configurationFile", json ? LOGBACK_JSON_CONFIGURATION : LOGBACK_CONFIGURATION);
        }
        System.exit(run(sources, args, null, err));
    }

    /**
     * Runs {@code args} with option values also from {@code environment} and the config file it or the arguments
     * name ({@link ConfigSources}); an unknown variable or key, or an unreadable file, is an error before anything
     * starts. Returns the exit status. {@code out} replaces standard output when not null (tests).
     */
    static int run(Map<String, String> environment, String[] args, PrintWriter out, PrintWriter err) {
        ConfigSources sources;
        try {
            sources = ConfigSources.load(environment, args);
        } catch (IllegalArgumentException e) {
            return refused(err, e);
        }
        return run(sources, args, out, err);
    }

    /** Runs {@code args} with the values {@code sources} holds, checked against the commands first. */
    private static int run(ConfigSources sources, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(sources);
        try {
            sources.requireKnown(cli);
        } catch (IllegalArgumentException e) {
            return refused(err, e);
        }
        cli.setErr(err);
        if (out != null) {
            cli.setOut(out);
        }
        return cli.execute(args);
    }

    /** Reports a configuration that cannot be used; returns the exit status. */
    private static int refused(PrintWriter err, IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
    }

    /** The configured command line, with no values from the environment or a file (for tests). */
    public static CommandLine commandLine() {
        return commandLine(ConfigSources.none());
    }

    /** The configured command line, taking the values the command line lacks from {@code sources}. */
    static CommandLine commandLine(ConfigSources sources) {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(sources);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("error: " + sources.describe(e.getMessage(), null));
                return 2;
            }
            throw e;
        });
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            String described = sources.describe(e.getMessage(), e.getArgSpec());
            if (described.equals(e.getMessage())) {
                return usage.handleParseException(e, args);
            }
            // A value from the environment or the file: the usage would not show where it came from.
            e.getCommandLine().getErr().println("error: " + described);
            return 2;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest, or else from the properties the build wrote. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            String v = Main.class.getPackage().getImplementationVersion();
            if (v == null) {
                Properties build = new Properties();
                try (InputStream in = Main.class.getClassLoader()
                        .getResourceAsStream("metrics-streamer-build.properties")) {
                    if (in != null) {
                        build.load(in);
                    }
                }
                v = build.getProperty("version", "unknown");
            }
            return new String[] {"metrics-streamer " + v};
        }
    }
}
