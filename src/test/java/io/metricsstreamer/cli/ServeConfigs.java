package io.metricsstreamer.cli;

import io.metricsstreamer.StreamerConfig;
import java.util.Map;
import picocli.CommandLine;

/** The config {@code serve} would run with, from an environment and a command line, as {@link Main} builds it. */
final class ServeConfigs {
    private ServeConfigs() {
    }

    /** Parses {@code serve ARGS} with the variables of {@code env}; throws as the command would refuse them. */
    static StreamerConfig of(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        ConfigSources sources = ConfigSources.load(env, all);
        CommandLine cli = Main.commandLine(sources);
        sources.requireKnown(cli);
        CommandLine.ParseResult serve = cli.parseArgs(all).subcommand();
        return ((ServerOptions) serve.commandSpec().mixins().get("options").userObject()).toConfig();
    }
}
