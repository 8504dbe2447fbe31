package dev.sluice.server.ops.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET requests to a Flink cluster's REST API, answered as JSON. Shared by the metrics collector and
 * the views of a running job (its graph, checkpoints and exceptions).
 */
public final class FlinkRestClient {
  private final HttpClient http;
  private final JsonMapper json;
  private final Duration timeout;
  private final AtomicLong requests = new AtomicLong();

  public FlinkRestClient(JsonMapper json, Duration timeout) {
    this.json = json;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The JSON the cluster answers to {@code GET restUrl + path}.
   *
   * @throws NotFound if the cluster answers 404 (the job or vertex is not there)
   * @throws Unreachable if the cluster cannot be reached or does not answer in time
   * @throws FlinkRestException if the cluster answers anything else
   */
  public JsonNode get(String restUrl, String path) {
    URI uri = URI.create(stripSlash(restUrl) + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").build();
    requests.incrementAndGet();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unreachable(uri + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(uri + ": interrupted");
    }
    if (response.statusCode() == 404) {
      throw new NotFound(uri + ": 404");
    }
    if (response.statusCode() != 200) {
      throw new FlinkRestException(uri + ": HTTP " + response.statusCode());
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new FlinkRestException(uri + ": not JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /** REST requests sent so far. */
  long requests() {
    return requests.get();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** A cluster that could not be asked or did not answer as expected. */
  public static class FlinkRestException extends RuntimeException {
    FlinkRestException(String message) {
      super(message);
    }
  }

  /** The cluster did not answer at all: down, not listening, or too slow. */
  public static final class Unreachable extends FlinkRestException {
    Unreachable(String message) {
      super(message);
    }
  }

  /** The cluster does not know the thing asked for. */
  public static final class NotFound extends FlinkRestException {
    NotFound(String message) {
      super(message);
    }
  }
}
