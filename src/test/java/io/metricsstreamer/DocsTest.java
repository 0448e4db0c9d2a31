package io.metricsstreamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under {@code docs/}: every pointer lands inside the repository (links to files that
 * exist and to headings they have, and repository paths quoted in code spans), and the operations page explains
 * every JVM flag the launcher sets. Tests run in the project's base directory.
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern REPO_PATH = Pattern.compile("`((?:docs|src|bin|examples|config|\\.ci)/[^`\\s<*]*)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+)$");
    private static final Pattern FENCED = Pattern.compile("(?s)```.*?```");
    private static final Path OPERATIONS = Path.of("docs", "OPERATIONS.md");

    @Test
    void everyLinkAndRepositoryPathInTheDocsLandsInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = FENCED.matcher(Files.readString(page)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // a web address
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(resolved) || resolved.startsWith("..")) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
            Matcher path = REPO_PATH.matcher(text);
            while (path.find()) {
                String quoted = path.group(1).replaceAll("[.,;:]+$", "");
                if (!Files.exists(Path.of(quoted))) {
                    broken.add(page + ": `" + quoted + "` (no such path)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theOperationsPageExplainsEveryJvmFlagOfTheLauncher() throws IOException {
        String operations = Files.readString(OPERATIONS);
        String launcher = Files.readString(Path.of("bin", "metrics-streamer"));
        Matcher exec = Pattern.compile("(?m)^exec java (.*?) \\$\\{JAVA_OPTS").matcher(launcher);
        assertThat(exec.find()).as("the launcher's exec line").isTrue();
        List<String> flags = Arrays.asList(exec.group(1).split(" "));

        assertThat(flags).isNotEmpty().allSatisfy(flag -> assertThat(operations)
                .as("a row of the flags table for %s", flag)
                .containsPattern("(?m)^\\| [^\\n]*`" + Pattern.quote(flag) + "`[^\\n]*\\|"));
        assertThat(operations.replaceAll("\\\\\\n\\s*", "")).as("the production command line, continuations joined")
                .contains(String.join(" ", flags));
        assertThat(Files.readString(Path.of("README.md"))).as("the README points there")
                .contains("](docs/OPERATIONS.md)").contains("](docs/OPERATIONS.md#2-memory)");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The anchors of a Markdown page's headings, as GitHub makes them (a repeated one gets -1, -2, ...). */
    private static List<String> anchors(Path page) throws IOException {
        String text = FENCED.matcher(Files.readString(page)).replaceAll("");
        Map<String, Integer> seen = new HashMap<>();
        List<String> anchors = new ArrayList<>();
        Matcher heading = HEADING.matcher(text);
        while (heading.find()) {
            String slug = heading.group(1).trim().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
