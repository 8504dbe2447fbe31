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

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** A DELETE with a JSON body (revoking what the body names). */
  Response delete(String path, Object body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method("DELETE", json(body)));
  }

  /** A multipart/form-data POST: text fields, and one file part when {@code file} is not null. */
  Response postMultipart(
      String path, java.util.Map<String, String> fields, String fileName, byte[] file) {
    String boundary = "sluice-it-" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    fields.forEach(
        (name, value) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(utf8)));
    if (file != null) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + fileName
                  + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
              .getBytes(utf8));
      body.writeBytes(file);
      body.writeBytes("\r\n".getBytes(utf8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** An API token of the user, issued through a login session as the studio gets one. */
  static String tokenByLogin(String base, String username, String password) {
    java.net.CookieManager cookies =
        new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> login =
          browser.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(json(java.util.Map.of("username", username, "password", password)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new IllegalStateException("login of " + username + ": " + login.body());
      }
      String xsrf =
          cookies.getCookieStore().getCookies().stream()
              .filter(c -> c.getName().equals("XSRF-TOKEN"))
              .map(java.net.HttpCookie::getValue)
              .findFirst()
              .orElseThrow();
      HttpResponse<String> token =
          browser.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                  .header("Content-Type", "application/json")
                  .header("X-XSRF-TOKEN", xsrf)
                  .POST(json(java.util.Map.of("name", "it " + username)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (token.statusCode() != 201) {
        throw new IllegalStateException("token of " + username + ": " + token.body());
      }
      return JSON.readTree(token.body()).path("token").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
