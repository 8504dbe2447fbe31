package dev.sluice.server.ops.metrics;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A Flink REST endpoint on a local port, serving recorded Flink 1.20 answers (test resources under
 * {@code flink-rest/}) and answering metric queries the way Flink does: an aggregated subtask query
 * with one unknown name gets {@code []}; a TaskManager or job query leaves unknown names out.
 */
final class FakeFlinkRest implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern JOB = Pattern.compile("/jobs/([0-9a-f]{32})");
  private static final Pattern JOB_METRICS = Pattern.compile("/jobs/([0-9a-f]{32})/metrics");
  private static final Pattern CHECKPOINTS = Pattern.compile("/jobs/([0-9a-f]{32})/checkpoints");
  private static final Pattern VERTEX =
      Pattern.compile("/jobs/([0-9a-f]{32})/vertices/([0-9a-f]{32})/subtasks/metrics");
  private static final Pattern TASKMANAGER = Pattern.compile("/taskmanagers/([^/]+)/metrics");

  private final HttpServer server;
  private final Map<String, JsonNode> jobs = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> jobMetrics = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> checkpoints = new ConcurrentHashMap<>();
  private final Map<String, Map<String, JsonNode>> vertices = new ConcurrentHashMap<>();
  private final Map<String, Map<String, JsonNode>> taskManagerMetrics = new ConcurrentHashMap<>();
  private volatile JsonNode taskManagers = JSON.readTree("{\"taskmanagers\":[]}");
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

  FakeFlinkRest() {
    // Without it each answer waits for the client's delayed ACK (Nagle), some 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static JsonNode resource(String name) {
    try (InputStream in = FakeFlinkRest.class.getResourceAsStream("/flink-rest/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource flink-rest/" + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  FakeFlinkRest job(String flinkJobId, String details, String restarts, String checkpointStats) {
    jobs.put(flinkJobId, resource(details));
    jobMetrics.put(flinkJobId, resource(restarts));
    if (checkpointStats != null) {
      checkpoints.put(flinkJobId, resource(checkpointStats));
    }
    return this;
  }

  /** A job from answers built in code rather than recorded. */
  FakeFlinkRest job(
      String flinkJobId, JsonNode details, JsonNode restarts, JsonNode checkpointStats) {
    jobs.put(flinkJobId, details);
    jobMetrics.put(flinkJobId, restarts);
    checkpoints.put(flinkJobId, checkpointStats);
    return this;
  }

  /** A vertex's subtask metrics: the full aggregated answer, one entry per name. */
  FakeFlinkRest vertex(String flinkJobId, String vertexId, String answer) {
    return vertex(flinkJobId, vertexId, resource(answer));
  }

  FakeFlinkRest vertex(String flinkJobId, String vertexId, JsonNode answer) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode m : answer) {
      byName.put(m.path("id").asString(), m);
    }
    vertices.put(flinkJobId + "/" + vertexId, byName);
    return this;
  }

  FakeFlinkRest taskManagers(String list, Map<String, String> metricsById) {
    taskManagers = resource(list);
    metricsById.forEach(
        (id, file) -> {
          Map<String, JsonNode> byName = new LinkedHashMap<>();
          for (JsonNode m : resource(file)) {
            byName.put(m.path("id").asString(), m);
          }
          taskManagerMetrics.put(id, byName);
        });
    return this;
  }

  /** A metric leaves a vertex (an operator re-registered under another name). */
  void removeVertexMetric(String flinkJobId, String vertexId, String name) {
    vertices.get(flinkJobId + "/" + vertexId).remove(name);
  }

  /** Answers a path with HTTP 500 from now on, as Flink does for some while a job initializes. */
  void fail(String path) {
    failing.add(path);
  }

  /** The requests served, decoded, in order. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String path = URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
    Map<String, String> query = query(uri.getRawQuery());
    requests.add(uri.getRawQuery() == null ? path : path + "?" + decode(uri.getRawQuery()));
    if (failing.contains(path)) {
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
      return;
    }
    JsonNode answer = answer(path, query);
    byte[] body =
        (answer == null
                ? "{\"errors\":[\"Not found: " + path + "\"]}"
                : JSON.writeValueAsString(answer))
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private JsonNode answer(String path, Map<String, String> query) {
    Matcher m;
    if (path.equals("/taskmanagers")) {
      return taskManagers;
    } else if ((m = TASKMANAGER.matcher(path)).matches()) {
      Map<String, JsonNode> tm = taskManagerMetrics.get(m.group(1));
      return tm == null ? null : pick(tm, query.get("get"), false);
    } else if ((m = VERTEX.matcher(path)).matches()) {
      Map<String, JsonNode> v = vertices.get(m.group(1) + "/" + m.group(2));
      if (v == null) {
        return null;
      }
      if (!query.containsKey("get")) {
        ArrayNode names = JSON.createArrayNode();
        v.keySet().forEach(n -> names.addObject().put("id", n));
        return names;
      }
      return pick(v, query.get("get"), true);
    } else if ((m = JOB_METRICS.matcher(path)).matches()) {
      JsonNode metrics = jobMetrics.get(m.group(1));
      if (metrics == null) {
        return null;
      }
      Map<String, JsonNode> byName = new LinkedHashMap<>();
      metrics.forEach(x -> byName.put(x.path("id").asString(), x));
      return pick(byName, query.get("get"), false);
    } else if ((m = CHECKPOINTS.matcher(path)).matches()) {
      return checkpoints.get(m.group(1));
    } else if ((m = JOB.matcher(path)).matches()) {
      return jobs.get(m.group(1));
    }
    return null;
  }

  /** Flink's answer to {@code ?get=a,b}: all-or-nothing for aggregated queries. */
  private static JsonNode pick(Map<String, JsonNode> byName, String get, boolean allOrNothing) {
    ArrayNode out = JSON.createArrayNode();
    if (get == null) {
      byName.keySet().forEach(n -> out.addObject().put("id", n));
      return out;
    }
    for (String name : get.split(",")) {
      JsonNode value = byName.get(name);
      if (value == null) {
        if (allOrNothing) {
          return JSON.createArrayNode();
        }
      } else {
        out.add(value);
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      Arrays.stream(raw.split("&"))
          .map(p -> p.split("=", 2))
          .forEach(p -> out.put(decode(p[0]), p.length > 1 ? decode(p[1]) : ""));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
