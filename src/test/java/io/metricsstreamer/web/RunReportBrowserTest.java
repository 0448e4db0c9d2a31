package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.report.RunReport;
import io.metricsstreamer.testing.RunSamples;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The run report in headless Chromium, opened from its file with no server running: the verdict, the criteria, every
 * chart drawn on a canvas, no console error, no request of any kind, and hostile names shown as text.
 */
@Timeout(120)
class RunReportBrowserTest extends BrowserTests {
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";

    @TempDir
    Path dir;

    @AfterEach
    void leavePage() {
        if (browser != null) {
            browser.open(URI.create("about:blank"));
        }
    }

    private Path write(RunSamples run) throws IOException {
        Path file = dir.resolve("report.html");
        RunReport.write(file, run.summary(), run.system(), run.endpoints());
        return file;
    }

    private void open(Path file) {
        browser.severeConsoleEntries();
        browser.open(file.toUri());
        browser.await("charts drawn", d -> browser.js("return document.documentElement.dataset.chartsDrawn;") != null);
    }

    /** Every resource and navigation the page loaded. */
    @SuppressWarnings("unchecked")
    private List<String> loaded() {
        return (List<String>) browser.js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat(performance.getEntriesByType('navigation').map(e => e.name));");
    }

    @Test
    void aPassedRunOpensOfflineWithItsVerdictCriteriaAndEveryChartDrawn() throws IOException {
        Path file = write(RunSamples.of(60, 1000, true));
        open(file);

        assertThat(browser.text("#verdict")).isEqualTo("PASSED");
        List<WebElement> criteria = browser.driver().findElements(By.cssSelector("#criteria tbody tr"));
        assertThat(criteria).extracting(r -> r.getAttribute("data-criterion"))
                .containsExactly("max_p99_ms", "max_error_rate", "min_throughput_tps");
        assertThat(criteria.get(0).getText()).contains("500.0 ms", "123.4 ms", "passed");
        assertThat(browser.js("return document.documentElement.dataset.chartsDrawn;")).isEqualTo("6");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> canvases = (List<Map<String, Object>>) browser.js(
                "return [...document.querySelectorAll('figure.chart')].map(f => {"
                        + " const c = f.querySelector('canvas');"
                        + " return {chart: f.dataset.chart, w: c ? c.width : 0, h: c ? c.height : 0,"
                        + " cw: c ? c.getBoundingClientRect().width : 0,"
                        + " legend: f.querySelectorAll('.u-series').length};"
                        + "});");
        assertThat(canvases).hasSize(6).allSatisfy(c -> {
            assertThat(((Number) c.get("w")).intValue()).as("canvas width of %s", c.get("chart")).isPositive();
            assertThat(((Number) c.get("h")).intValue()).as("canvas height of %s", c.get("chart")).isPositive();
            assertThat(((Number) c.get("cw")).doubleValue()).as("laid-out width of %s", c.get("chart"))
                    .isGreaterThan(200);
        });
        assertThat(canvases).filteredOn(c -> "latency".equals(c.get("chart")))
                .extracting(c -> ((Number) c.get("legend")).intValue()).containsExactly(5);
        assertThat(canvases).filteredOn(c -> "endpoint-p99".equals(c.get("chart")))
                .extracting(c -> ((Number) c.get("legend")).intValue()).containsExactly(4);
        assertThat(((Number) browser.js("return window.runReport.charts.latency.data[0].length;")).intValue())
                .isEqualTo(240);
        assertThat(browser.severeConsoleEntries()).isEmpty();
        assertThat(loaded()).containsExactly(file.toUri().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePagesPolicyRefusesEveryRequestAndEveryScriptButItsOwn() throws IOException {
        open(write(RunSamples.of(5, 100, true)));
        browser.severeConsoleEntries();

        browser.js("window.seen = [];"
                + "document.addEventListener('securitypolicyviolation',"
                + " e => window.seen.push(e.violatedDirective + ' ' + e.blockedURI));"
                + "const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                + "document.body.appendChild(s);"
                + "fetch('http://127.0.0.1:9/x').catch(() => null);");
        List<String> violations = browser.await("both refusals reported",
                d -> (List<String>) browser.js("return window.seen.length >= 2 ? window.seen : null;"));
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("connect-src http://127.0.0.1:9/x"))
                .anySatisfy(v -> assertThat(v).startsWith("script-src"));
        assertThat(browser.js("return window.injected === undefined;")).isEqualTo(true);
        assertThat(browser.severeConsoleEntries()).anySatisfy(e -> assertThat(e).contains("Content Security Policy"));
        assertThat(loaded()).hasSize(1);
    }

    @Test
    void aFailedRunShowsFailedAndWhichCriterionFailed() throws IOException {
        open(write(RunSamples.of(10, 500, false)));

        assertThat(browser.text("#verdict")).isEqualTo("FAILED");
        assertThat(browser.find("#criteria tr[data-criterion='min_throughput_tps']").getText()).contains("failed");
        assertThat(browser.js("return getComputedStyle(document.querySelector('header.verdict')).backgroundColor;"))
                .isEqualTo("rgb(180, 35, 24)");
        assertThat(browser.severeConsoleEntries()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostileNamesAreShownAsTextAndNeverRun() throws IOException {
        RunSamples run = RunSamples.of(5, 100, true, List.of(HOSTILE, "GET /ok"));
        run.summary().put("target", HOSTILE);
        run.summary().put("profile", "\"><script>window.pwned=3</script>");
        Path file = write(run);
        open(file);

        assertThat(browser.js("return window.pwned === undefined;")).isEqualTo(true);
        assertThat(browser.text("#meta-target")).isEqualTo(HOSTILE);
        assertThat(browser.text("#meta-profile")).isEqualTo("\"><script>window.pwned=3</script>");
        assertThat(browser.driver().findElements(By.cssSelector("#endpoints tbody th"))).extracting(WebElement::getText)
                .contains(HOSTILE);
        assertThat((List<Object>) browser.js("return [...document.querySelectorAll('[data-chart=\"endpoint-p99\"] "
                + ".u-series .u-label')].map(l => l.textContent);")).contains(HOSTILE);
        assertThat(browser.js("return document.querySelectorAll('img').length;")).isEqualTo(0L);
        assertThat(browser.severeConsoleEntries()).isEmpty();
        assertThat(loaded()).hasSize(1);
    }
}
