package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * An alert rule on a running Kafka job: while records arrive nothing fires; when its input stops,
 * "input_rate < 1 for 20s" goes pending, fires no earlier than 20 s later and sends one firing
 * message to a local webhook; when input resumes it resolves and sends one resolved message.
 */
@Order(31)
class AlertsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "alerts-it.input";
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void aJobWhoseInputStopsFiresAfterTheForDurationAndResolvesWhenInputResumes() throws Exception {
    List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              JSON.readTree(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread producer = new Thread(() -> produce(producing, running), "alerts-it-producer");
    producer.start();
    long id = -1;
    try {
      Http.Response channel =
          platform.http.post(
              "/api/v1/channels",
              Map.of(
                  "name",
                  "alerts-it-hook",
                  "type",
                  "webhook",
                  "url",
                  "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                  "project",
                  "demo"));
      assertThat(channel.status()).as(channel.raw()).isEqualTo(201);

      id =
          jobs.create(
              "alerts_input",
              """
              CREATE TABLE input (n BIGINT) WITH (
                'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                'properties.group.id' = 'alerts-it', 'scan.startup.mode' = 'latest-offset',
                'format' = 'json');
              CREATE TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');
              INSERT INTO sink SELECT n FROM input;
              """
                  .formatted(TOPIC, platform.kafkaBootstrap()));
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);
      long job = id;
      await("input_rate above 5", () -> inputRate(job) > 5, Duration.ofMinutes(3));

      Http.Response rule =
          platform.http.post(
              "/api/v1/alert-rules",
              JSON.readTree(
                  """
                  {"name": "alerts-it-slow", "job": "alerts_input", "for": "20s",
                   "severity": "P1", "channels": ["alerts-it-hook"],
                   "conditions": [{"metric": "input_rate", "op": "<", "value": 1}]}
                  """));
      assertThat(rule.status()).as(rule.raw()).isEqualTo(201);
      assertThat(rule.body().path("summary").asText()).isEqualTo("input_rate < 1 for 20s");

      producing.set(false);
      JsonNode pending =
          await(
              "a pending alert",
              () -> alert("pending").orElse(alert("firing").orElse(null)),
              Duration.ofMinutes(3));
      assertThat(pending.path("state").asText()).as(pending.toString()).isEqualTo("pending");
      assertThat(received).isEmpty();
      Instant pendingSince = Instant.parse(pending.path("pendingSince").asText());

      await("the firing message", () -> received.isEmpty() ? null : true, Duration.ofMinutes(2));
      JsonNode firing = alert("firing").orElseThrow();
      Instant firingSince = Instant.parse(firing.path("firingSince").asText());
      assertThat(Duration.between(pendingSince, firingSince))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
      JsonNode fired = received.get(0);
      assertThat(fired.path("status").asText()).isEqualTo("firing");
      assertThat(fired.path("rule").asText()).isEqualTo("alerts-it-slow");
      assertThat(fired.path("job").asText()).isEqualTo("alerts_input");
      assertThat(fired.path("severity").asText()).isEqualTo("P1");
      assertThat(fired.path("value").asDouble()).isLessThan(1.0);
      assertThat(fired.path("alertId").asLong()).isEqualTo(firing.path("id").asLong());
      assertThat(Instant.parse(fired.path("since").asText())).isEqualTo(firingSince);

      producing.set(true);
      await(
          "the resolved message", () -> received.size() >= 2 ? true : null, Duration.ofMinutes(2));
      JsonNode resolved = received.get(1);
      assertThat(resolved.path("status").asText()).isEqualTo("resolved");
      assertThat(resolved.path("alertId").asLong()).isEqualTo(firing.path("id").asLong());
      assertThat(resolved.path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
      assertThat(resolved.path("endedAt").isTextual()).isTrue();
      assertThat(alert("resolved").orElseThrow().path("id").asLong())
          .isEqualTo(firing.path("id").asLong());
      // Two evaluation intervals later still one message each.
      Instant later = Instant.now().plusSeconds(30);
      await("30 s", () -> Instant.now().isAfter(later) ? true : null, Duration.ofMinutes(1));
      assertThat(received)
          .extracting(n -> n.path("status").asText())
          .containsExactly("firing", "resolved");
    } finally {
      running.set(false);
      producer.join();
      receiver.stop(0);
      if (id > 0) {
        jobs.stop(id, false);
      }
    }
  }

  /** The job's newest input_rate of the last minute, or -1. */
  private double inputRate(long job) {
    Http.Response r =
        platform.http.get(
            "/api/v1/jobs/"
                + job
                + "/metrics?names=input_rate&from="
                + Instant.now().minusSeconds(60));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    for (JsonNode series : r.body().path("series")) {
      JsonNode points = series.path("points");
      if (series.path("vertex").isNull() && points.size() > 0) {
        return points.get(points.size() - 1).get(1).asDouble();
      }
    }
    return -1;
  }

  private java.util.Optional<JsonNode> alert(String state) {
    Http.Response r = platform.http.get("/api/v1/alerts?job=alerts_input&state=" + state);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    for (JsonNode a : r.body()) {
      if (a.path("rule").asText().equals("alerts-it-slow")) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * 20 records every 200 ms while producing is set, until running is cleared. A batch the broker
   * does not take within 10 s is sent again by a new producer, so that one stuck connection does
   * not look like input that stopped.
   */
  private void produce(AtomicBoolean producing, AtomicBoolean running) {
    Properties p = new Properties();
    p.put("bootstrap.servers", platform.kafkaBootstrap());
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("max.block.ms", "10000");
    p.put("delivery.timeout.ms", "10000");
    p.put("request.timeout.ms", "5000");
    p.put("linger.ms", "0");
    long n = 0;
    while (running.get()) {
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        while (running.get()) {
          if (producing.get()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              sent.add(producer.send(new ProducerRecord<>(TOPIC, "{\"n\":" + n++ + "}")));
            }
            for (java.util.concurrent.Future<?> f : sent) {
              f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
          }
          Platform.sleep(200);
        }
      } catch (Exception e) {
        System.err.println("alerts-it producer: " + e + "; starting a new producer");
      }
    }
  }

  private static <T> T await(String what, Supplier<T> value, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T v = value.get();
      if (v != null && !Boolean.FALSE.equals(v)) {
        return v;
      }
      Platform.sleep(500);
    }
    throw new AssertionError("Timed out waiting for " + what);
  }
}
