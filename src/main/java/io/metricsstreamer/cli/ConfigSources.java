package io.metricsstreamer.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when the command line does not give it: the environment
 * ({@code METRICS_STREAMER_BATCH_SIZE=20}: the prefix and the long name in upper case, dashes as underscores), then a
 * properties file ({@code --config FILE}, or {@code METRICS_STREAMER_CONFIG}; {@code batch-size = 20}), then the
 * option's own default. picocli asks it for every option it was not given ({@link CommandLine.IDefaultValueProvider}),
 * so the command line wins over the environment, the environment over the file, the file over the defaults. A
 * variable with the prefix or a file key that names no option of any command is an error naming it, before anything
 * starts; so is a value picocli cannot convert or the server refuses, which {@link #describe} names with its source.
 * Made once per run, before parsing.
 */
final class ConfigSources implements CommandLine.IDefaultValueProvider {
    /** The prefix of the environment variables that set options. */
    static final String ENV_PREFIX = "METRICS_STREAMER_";
    /** Variables with the prefix that are not options: the log level, read by Logback at startup. */
    static final Set<String> RESERVED = Set.of(ENV_PREFIX + "LOG_LEVEL");
    private static final String CONFIG_OPTION = "--config";

    private final Map<String, String> env;
    private final Properties file;
    private final String fileName;
    /** Option long name to where its value came from, for the options that took one from here. */
    private final Map<String, String> sources = new HashMap<>();

    private ConfigSources(Map<String, String> env, Properties file, String fileName) {
        this.env = env;
        this.file = file;
        this.fileName = fileName;
    }

    /** Nothing from the environment or a file (tests of the command line alone). */
    static ConfigSources none() {
        return new ConfigSources(Map.of(), new Properties(), null);
    }

    /**
     * The sources of one run: the variables of {@code environment} with the prefix, and the file named by
     * {@code --config} in {@code args} (or by {@code METRICS_STREAMER_CONFIG}).
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static ConfigSources load(Map<String, String> environment, String[] args) {
        Map<String, String> env = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !RESERVED.contains(name)) {
                env.put(name, value);
            }
        });
        String fileName = argument(CONFIG_OPTION, args);
        if (fileName == null) {
            fileName = env.get(envName(CONFIG_OPTION));
        }
        Properties file = new Properties();
        if (fileName != null) {
            try (Reader in = Files.newBufferedReader(Path.of(fileName), StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the config file " + fileName + ": " + e);
            }
        }
        return new ConfigSources(env, file, fileName);
    }

    /** The value of {@code option} in {@code args}, as {@code OPTION VALUE} or {@code OPTION=VALUE}; or null. */
    private static String argument(String option, String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                return null;
            }
            if (args[i].equals(option) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(option + "=")) {
                return args[i].substring(option.length() + 1);
            }
        }
        return null;
    }

    /**
     * The value {@code option} will have, from {@code args}, the environment or the file in that order; null for its
     * default. For what must be known before picocli parses (the log format: logging starts first).
     */
    String resolve(String option, String[] args) {
        String value = argument(option, args);
        if (value != null) {
            return value;
        }
        value = env.get(envName(option));
        return value != null ? value : file.getProperty(option.substring(2));
    }

    /** {@code METRICS_STREAMER_BATCH_SIZE} for {@code --batch-size}. */
    static String envName(String longOption) {
        return ENV_PREFIX + longOption.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Refuses a variable or file key that names no long option of {@code root} or any of its subcommands: a typo
     * must not silently leave a default in place. The file may name options of any command, as the environment may:
     * each command takes those it has.
     *
     * @throws IllegalArgumentException naming the first unknown one
     */
    void requireKnown(CommandLine root) {
        Set<String> options = new HashSet<>();
        collect(root, options);
        for (String name : env.keySet()) {
            if (!options.contains(name)) {
                throw new IllegalArgumentException("unknown environment variable " + name
                        + ": no option --" + name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '-') + " (see --help)");
            }
        }
        for (String key : file.stringPropertyNames()) {
            if (!options.contains(envName("--" + key))) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + fileName
                        + ": no option --" + key + " (see --help)");
            }
        }
    }

    private static void collect(CommandLine command, Set<String> options) {
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (o.longestName().startsWith("--")) {
                options.add(envName(o.longestName()));
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, options));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String name = option.longestName();
        String variable = envName(name);
        String value = env.get(variable);
        if (value != null) {
            sources.put(name, "environment variable " + variable);
            return value;
        }
        String key = name.substring(2);
        value = file.getProperty(key);
        if (value != null) {
            sources.put(name, "'" + key + "' in " + fileName);
            return value.trim();
        }
        return null;
    }

    /**
     * {@code message} with the source of the option it is about appended, when that option's value came from the
     * environment or the file: {@code --batch-size must be at least 1, was 0 (from environment variable
     * METRICS_STREAMER_BATCH_SIZE)}. The option is the one {@code spec} names, or else the first long option the
     * message starts with.
     */
    String describe(String message, ArgSpec spec) {
        String name = spec instanceof OptionSpec o ? o.longestName() : null;
        if (name == null && message != null && message.startsWith("--")) {
            int end = message.indexOf(' ');
            name = end < 0 ? message : message.substring(0, end);
        }
        String source = name == null ? null : sources.get(name);
        return source == null ? message : message + " (from " + source + ")";
    }
}
