package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for the tests. Every response body it receives is searched for the
 * run's {@link SecretCanary}.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final java.util.function.Consumer<Response> observer;
  private volatile String token;

  Http(String base) {
    this(base, r -> {});
  }

  /** A client that shows every response it receives to the observer. */
  Http(String base, java.util.function.Consumer<Response> observer) {
    this.base = base;
    this.observer = observer;
  }

  /** Sends the API token with every request from now on (null: none). */
  Http bearer(String token) {
    this.token = token;
    return this;
  }

  record Response(int status, String contentType, JsonNode body, String raw) {}

  boolean isUp() {
    try {
      return get("/api/v1/health").status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response get(String path, java.util.Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    headers.forEach(request::header);
    return send(request, !headers.containsKey("Authorization"));
  }

  Response post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(json(body)));
  }

  Response postText(String path, String contentType, String text) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  Response put(String path, Object body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(json(body)));
  }

  Response patch(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  Response postBytes(String path, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(
          body instanceof String s ? s : JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Response send(HttpRequest.Builder request) {
    return send(request, true);
  }

  private Response send(HttpRequest.Builder request, boolean withToken) {
    String bearer = token;
    if (bearer != null && withToken) {
      request.setHeader("Authorization", "Bearer " + bearer);
    }
    try {
      HttpRequest built = request.timeout(Duration.ofMinutes(3)).build();
      HttpResponse<String> r = client.send(built, HttpResponse.BodyHandlers.ofString());
      SecretCanary.inspect(built.method() + " " + built.uri(), r.headers().map() + r.body());
      JsonNode body;
      try {
        body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
      } catch (IOException e) {
        body = JSON.nullNode();
      }
      Response response =
          new Response(
              r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body, r.body());
      observer.accept(response);
      return response;
    } catch (IOException e) {
      throw new IllegalStateException("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
