package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Sluice REST API as the CLI uses it. Every request carries the caller's API token when one is
 * known, or the session cookie (and the CSRF header it needs) of a password login. Failures become
 * {@link ApiError} with the problem body.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String XSRF_COOKIE = "XSRF-TOKEN";

  private final String base;
  private final Token token;
  private final CookieManager cookies;
  private final HttpClient http;

  private Api(String base, Token token, CookieManager cookies) {
    this.base = CredentialsFile.key(base);
    this.token = token;
    this.cookies = cookies;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (cookies != null) {
      builder.cookieHandler(cookies);
    }
    this.http = builder.build();
  }

  /** Requests with this token, or anonymous ones when it is null. */
  static Api withToken(String base, Token token) {
    return new Api(base, token, null);
  }

  /** Requests that keep the cookies the server sets, for a login by password. */
  static Api withSession(String base) {
    return new Api(base, null, new CookieManager());
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

  JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  /** A DELETE whose JSON body names what to remove. */
  JsonNode delete(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .method("DELETE", json(body))
            .header("Content-Type", "application/json"));
  }

  /** A multipart/form-data POST of text fields and one file part named {@code file}. */
  JsonNode postFile(String path, java.util.Map<String, String> fields, java.nio.file.Path file)
      throws IOException {
    String boundary = "sluice-" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    for (java.util.Map.Entry<String, String> f : fields.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName()
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(java.nio.file.Files.readAllBytes(file));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary));
  }

  /** A value as one path segment ({@code /users/{name}}): spaces and slashes escaped. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A value as a query parameter value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
    request
        .timeout(Duration.ofMinutes(5))
        .header("X-Sluice-User", System.getProperty("user.name", "cli"));
    if (token != null) {
      request.header("Authorization", token.header());
    }
    if (cookies != null) {
      // A session's state-changing requests echo the CSRF cookie in a header.
      for (HttpCookie c : cookies.getCookieStore().get(request.build().uri())) {
        if (c.getName().equals(XSRF_COOKIE)) {
          request.header("X-XSRF-TOKEN", c.getValue());
        }
      }
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = parse(response);
      if (response.statusCode() >= 400) {
        throw new ApiError(response.statusCode(), body, base, token);
      }
      return body;
    } catch (IOException e) {
      throw new ApiError(
          0,
          JSON.createObjectNode()
              .put(
                  "detail",
                  "Cannot reach the Sluice server at "
                      + base
                      + " ("
                      + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                      + ")"),
          base,
          token);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(HttpResponse<String> response) {
    String text = response.body();
    if (text.isEmpty()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      // Not JSON (a proxy's error page, say): keep the start of it as the detail.
      String start = text.strip();
      return JSON.createObjectNode()
          .put("status", response.statusCode())
          .put("detail", start.length() > 200 ? start.substring(0, 200) + "..." : start);
    }
  }

  /** Whether the session holds the CSRF cookie, which the server may set on a later answer. */
  boolean hasCsrfCookie() {
    return cookies != null
        && cookies.getCookieStore().get(uri("/")).stream()
            .anyMatch(c -> c.getName().equals(XSRF_COOKIE));
  }

  /** An error answer (or no answer) from the server. */
  static final class ApiError extends RuntimeException {
    final int status;
    final JsonNode problem;
    final String server;

    /** The token the request carried, null when none; never its value in a message. */
    final Token token;

    ApiError(int status, JsonNode problem, String server, Token token) {
      super(problem.path("detail").asText("HTTP " + status));
      this.status = status;
      this.problem = problem;
      this.server = server;
      this.token = token;
    }
  }
}
