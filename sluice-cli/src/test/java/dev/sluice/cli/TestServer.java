package dev.sluice.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free loopback port that answers "METHOD /path" with canned responses and
 * records every request, so tests see exactly what the CLI sent over the wire.
 */
final class TestServer implements AutoCloseable {
  /** One request as the server received it. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    /** A header's values joined by ", ", null when absent; the name in any case. */
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> String.join(", ", e.getValue()))
          .findFirst()
          .orElse(null);
    }
  }

  /** A canned answer; {@code headers} as name/value pairs. */
  record Response(int status, String body, List<String> headers) {
    static Response json(int status, String body, String... headers) {
      return new Response(status, body, List.of(headers));
    }
  }

  private final HttpServer server;
  private final Map<String, Response> routes = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  TestServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers {@code method path} (path with its query, below /api/v1) with a JSON body. */
  TestServer on(String method, String path, int status, String body, String... headers) {
    routes.put(method + " /api/v1" + path, Response.json(status, body, headers));
    return this;
  }

  Request only(String method, String path) {
    List<Request> matching =
        requests.stream()
            .filter(r -> r.method().equals(method) && r.path().equals("/api/v1" + path))
            .toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one " + method + " " + path + ", got " + matching.size() + ": " + requests);
    }
    return matching.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String full = query == null ? path : path + "?" + query;
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(), full, Map.copyOf(exchange.getRequestHeaders()), body));
    Response response = routes.get(exchange.getRequestMethod() + " " + full);
    if (response == null) {
      response =
          Response.json(
              404,
              "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route "
                  + exchange.getRequestMethod()
                  + " "
                  + full
                  + "\"}");
    }
    for (int i = 0; i + 1 < response.headers().size(); i += 2) {
      exchange.getResponseHeaders().add(response.headers().get(i), response.headers().get(i + 1));
    }
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
    } else {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(response.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
