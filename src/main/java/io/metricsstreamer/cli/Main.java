package io.metricsstreamer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code java -jar metrics-streamer.jar}. */
@Command(name = "metrics-streamer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time metrics streaming server for stress tests: metrics in over HTTP or the Java API, "
                + "out over WebSocket to live dashboards.",
        subcommands = {ServeCommand.class, DemoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (for tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"metrics-streamer " + (v == null ? "development" : v)};
        }
    }
}
