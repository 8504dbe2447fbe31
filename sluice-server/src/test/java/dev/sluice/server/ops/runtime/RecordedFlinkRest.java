package dev.sluice.server.ops.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A Flink REST endpoint on a local port serving recorded Flink 1.20 answers (test resources under
 * {@code flink-rest/}) by exact path and query, and a vertex's subtask metrics the way Flink
 * answers them: the list of names without {@code get}, and nothing at all for a {@code get} with a
 * name the vertex does not have. Anything else is a 404.
 */
final class RecordedFlinkRest implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
  private final Map<String, Map<String, JsonNode>> vertices = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  RecordedFlinkRest() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
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

  static JsonNode resource(String name) {
    try (InputStream in = RecordedFlinkRest.class.getResourceAsStream("/flink-rest/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource flink-rest/" + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers the path (with its decoded query, if any) with a recorded resource. */
  RecordedFlinkRest on(String pathAndQuery, String resource) {
    return on(pathAndQuery, resource(resource));
  }

  RecordedFlinkRest on(String pathAndQuery, JsonNode answer) {
    answers.put(pathAndQuery, answer);
    return this;
  }

  /** A vertex's subtask metrics: the recorded aggregated answer with every name it has. */
  RecordedFlinkRest vertex(String flinkJobId, String vertexId, String resource) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode m : resource(resource)) {
      byName.put(m.path("id").asString(), m);
    }
    vertices.put("/jobs/" + flinkJobId + "/vertices/" + vertexId + "/subtasks/metrics", byName);
    return this;
  }

  /** The requests served, decoded, in order. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String path = URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
    String query =
        uri.getRawQuery() == null
            ? null
            : URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8);
    String key = query == null ? path : path + "?" + query;
    requests.add(key);
    JsonNode answer = answers.get(key);
    Map<String, JsonNode> vertex = vertices.get(path);
    if (answer == null && vertex != null) {
      answer = metrics(vertex, query);
    }
    byte[] body =
        (answer == null
                ? "{\"errors\":[\"Not found: " + key + "\"]}"
                : JSON.writeValueAsString(answer))
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static JsonNode metrics(Map<String, JsonNode> vertex, String query) {
    ArrayNode out = JSON.createArrayNode();
    if (query == null) {
      vertex.keySet().forEach(n -> out.addObject().put("id", n));
      return out;
    }
    String get = null;
    for (String part : query.split("&")) {
      if (part.startsWith("get=")) {
        get = part.substring(4);
      }
    }
    if (get == null) {
      return out;
    }
    List<String> names = Arrays.asList(get.split(","));
    if (!vertex.keySet().containsAll(names)) {
      return out; // Flink: one unknown name, no answer at all
    }
    names.forEach(n -> out.add(vertex.get(n)));
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
