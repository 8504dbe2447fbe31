package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Sluice REST API as the CLI uses it. Failures become {@link ApiError} with the problem body.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Api(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  JsonNode post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .POST(json(body))
            .header("Content-Type", "application/json"));
  }

  /** Posts text as it is (a YAML or JSON document). */
  JsonNode postText(String path, String contentType, String text) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(text))
            .header("Content-Type", contentType));
  }

  JsonNode put(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .PUT(json(body))
            .header("Content-Type", "application/json"));
  }

  private URI uri(String path) {
    return URI.create(base + "/api/v1" + path);
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request
                  .timeout(Duration.ofMinutes(5))
                  .header("X-Sluice-User", System.getProperty("user.name", "cli"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 400) {
        throw new ApiError(response.statusCode(), body);
      }
      return body;
    } catch (IOException e) {
      throw new ApiError(
          0,
          JSON.createObjectNode()
              .put(
                  "detail",
                  "Cannot reach the Sluice server at " + base + " (" + e.getMessage() + ")"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An error answer (or no answer) from the server. */
  static final class ApiError extends RuntimeException {
    final int status;
    final JsonNode problem;

    ApiError(int status, JsonNode problem) {
      super(problem.path("detail").asText("HTTP " + status));
      this.status = status;
      this.problem = problem;
    }
  }
}
