package dev.sluice.engine.flink.cluster;

import dev.sluice.engine.api.ClusterException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Flink's REST API (documented, stable JSON) for the monitoring side of the cluster client.
 */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  FlinkRest(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** GETs a path; empty when Flink answers 404. */
  Optional<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(15))
            .GET()
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() >= 300) {
        throw new ClusterException(
            "Flink at "
                + baseUrl
                + " answered "
                + response.statusCode()
                + " to "
                + path
                + ": "
                + firstError(response.body()),
            false,
            null);
      }
      return Optional.of(JSON.readTree(response.body()));
    } catch (ConnectException | HttpTimeoutException e) {
      throw unreachable(baseUrl, e);
    } catch (IOException e) {
      throw unreachable(baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("Interrupted while calling " + baseUrl, false, e);
    }
  }

  /** Flink's error bodies carry a server-side stack trace; its first exception line is the news. */
  private static String firstError(String body) {
    try {
      for (JsonNode error : JSON.readTree(body).path("errors")) {
        String text = error.asText();
        for (String line : text.split("\\n")) {
          if (line.contains("Exception:") || line.contains("Error:")) {
            return line.replaceFirst("^<Exception on server side:", "").strip();
          }
        }
      }
    } catch (IOException e) {
      // not JSON: fall through
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  static ClusterException unreachable(String url, Throwable e) {
    return new ClusterException(
        "The Flink cluster at " + url + " cannot be reached (" + Failures.reason(e) + ")", true, e);
  }
}
