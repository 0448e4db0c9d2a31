package io.metricsstreamer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads a server's {@code GET /api/statistics} (the first page of its clients only), for the figures a run takes from
 * the server itself: its epoch, what its history holds, the replays it counted. Stateless.
 */
final class ServerStatistics {
    private static final HttpClient HTTP = BenchTls.httpClient().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServerStatistics() {
    }

    /** The statistics of the server at {@code httpBase}, or a missing node (every path reads as absent) on failure. */
    static JsonNode read(URI httpBase) {
        try {
            HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(httpBase.resolve(
                    "/api/statistics?clients_limit=1")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? Json.mapper().readTree(resp.body()) : Json.mapper().missingNode();
        } catch (IOException | RuntimeException e) {
            return Json.mapper().missingNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Json.mapper().missingNode();
        }
    }
}
