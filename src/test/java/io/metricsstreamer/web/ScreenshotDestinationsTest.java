package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Where {@link PageScreenshots} saves its pictures: a run into {@code docs/} (the README's command) writes there only
 * the pictures the docs show, and the rest where git ignores them, so it leaves no untracked file behind.
 */
class ScreenshotDestinationsTest {
    /** Every picture {@link PageScreenshots} takes at its default size. */
    private static final List<String> TAKEN = List.of("dashboard-1400x900.png", "dashboard-1400x900-bottom.png",
            "dashboard-1400x900-reconnecting.png", "dashboard.png", "dashboard-bottom.png", "test-client-1400x900.png");

    @Test
    void aRunIntoDocsWritesThereOnlyThePicturesTheDocsShow() {
        for (Path docs : List.of(Path.of("docs"), Path.of("./docs/"), Path.of("docs").toAbsolutePath())) {
            for (String name : TAKEN) {
                Path saved = PageScreenshots.destination(docs, name).toAbsolutePath().normalize();
                if (name.equals("dashboard.png")) {
                    assertThat(saved).as("%s into %s", name, docs).isEqualTo(Path.of("docs", name).toAbsolutePath());
                } else {
                    assertThat(saved).as("%s into %s", name, docs).startsWithRaw(Path.of("target").toAbsolutePath());
                }
            }
        }
    }

    @Test
    void aRunIntoAnyOtherDirectoryWritesEveryPictureThere() {
        Path shots = Path.of("/tmp/shots");
        for (String name : TAKEN) {
            assertThat(PageScreenshots.destination(shots, name)).isEqualTo(shots.resolve(name));
        }
    }

    @Test
    void thePicturesKeptInDocsAreTheOnesTheDocsShow() throws IOException {
        StringBuilder docs = new StringBuilder(Files.readString(Path.of("README.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                docs.append(Files.readString(page));
            }
        }
        assertThat(PageScreenshots.DOCS_IMAGES).isNotEmpty().allSatisfy(name -> {
            assertThat(docs.toString()).as("the docs show %s", name).contains(name);
            assertThat(Path.of("docs", name)).as("kept in the repository").exists();
        });
    }
}
