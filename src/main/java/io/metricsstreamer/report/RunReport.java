package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the report of a {@code run}: one self-contained HTML file (verdict, criteria, figures, charts over
 * elapsed time, status codes, endpoints) that opens in a browser with no network.
 */
public final class RunReport {
    private RunReport() {
    }

    /**
     * Writes the report to {@code file}, replacing it: the whole file appears at once (written beside it, then
     * moved), so a reader never sees half a report.
     *
     * @param file              where to write it
     * @param summary           the run's {@code --summary} JSON; any field may be missing (shown as a dash), fields
     *                          the report does not know are listed as they are; null is an empty summary
     * @param systemIntervals   the {@code data} of each SystemMetrics the run published, plus its
     *                          {@code elapsed_seconds}, and optionally the {@code target_tps} it was scheduled at
     *                          (a profile that changes rate; else the summary's {@code target_tps} is drawn); null is
     *                          none
     * @param endpointIntervals each endpoint's AgentMetrics {@code data}, plus {@code elapsed_seconds}, by endpoint
     *                          name; {@code requests_processed}, {@code error_count} and {@code timeout_count} are
     *                          running totals, and an interval's {@code throughput_tps}, when present, is its rate
     *                          (else derived from the totals); null is none
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, ObjectNode summary, List<ObjectNode> systemIntervals,
                             Map<String, List<ObjectNode>> endpointIntervals) throws IOException {
        ObjectNode s = summary == null ? JsonNodeFactory.instance.objectNode() : summary;
        Map<String, Intervals> endpoints = new TreeMap<>();
        if (endpointIntervals != null) {
            endpointIntervals.forEach((name, list) -> endpoints.put(name == null ? "(unnamed)" : name,
                    Intervals.of(list)));
        }
        String html = ReportPage.render(s, Intervals.of(systemIntervals), endpoints, ReportAssets.get());
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // Named, not Files.createTempFile: that one is private to its owner, and the report should be as readable
        // as any file its writer creates.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            // A lone surrogate (never valid text) is written as '?'.
            Files.write(temp, html.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
