package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The server collects a running job's metrics from the local cluster: a datagen job at a known rate
 * shows that rate as its input and output, and its state, restarts, checkpoints and TaskManagers
 * are there; the same values are served to Prometheus.
 */
@Order(30)
class JobMetricsIT {
  private static final int ROWS_PER_SECOND = 200;
  // Flink's per-second rates are 60-second moving averages: once a minute has passed at a
  // steady rate they are within a few percent of it.
  private static final double LOW = ROWS_PER_SECOND * 0.95;
  private static final double HIGH = ROWS_PER_SECOND * 1.05;

  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void aDatagenJobsRateStateAndCheckpointsAreCollectedAndExposed() {
    String script =
        """
        CREATE TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '%d');
        CREATE TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');
        INSERT INTO sink SELECT n FROM ticks;
        """
            .formatted(ROWS_PER_SECOND);
    long id = jobs.create("metrics_datagen_rate", script);
    jobs.deploy(id, "none");
    jobs.awaitRunning(id);

    Map<String, Double> latest =
        awaitLatest(
            id,
            m ->
                between(m.get("input_rate"), LOW, HIGH)
                    && between(m.get("output_rate"), LOW, HIGH)
                    && m.containsKey("checkpoint_age"),
            Duration.ofMinutes(4));
    assertThat(latest.get("job_state")).isEqualTo(0.0);
    assertThat(latest.get("restarts")).isEqualTo(0.0);
    assertThat(latest.get("taskmanagers")).isEqualTo(1.0);
    assertThat(latest.get("checkpoints_completed")).isGreaterThanOrEqualTo(1.0);
    // Checkpoints every 10 s, metrics every 15 s: the newest one is never older than both.
    assertThat(latest.get("checkpoint_age")).isBetween(0.0, 25_000.0);

    Http.Response text = platform.http.get("/metrics");
    assertThat(text.status()).as(text.raw()).isEqualTo(200);
    assertThat(text.contentType()).startsWith("text/plain");
    assertThat(text.raw())
        .contains("# TYPE sluice_job_input_rate gauge")
        .contains("sluice_job_state{job=\"metrics_datagen_rate\",project=\"demo\"} 0\n")
        .contains("sluice_job_restarts{job=\"metrics_datagen_rate\",project=\"demo\"} 0\n")
        .contains("sluice_job_input_rate{job=\"metrics_datagen_rate\",project=\"demo\"} ");
    assertThat(new Http("http://localhost:" + platform.port).get("/metrics").status())
        .isEqualTo(401);

    Http.Response bad = platform.http.get("/api/v1/jobs/" + id + "/metrics?names=input_rate,lagg");
    assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
    assertThat(bad.body().path("errors").get(0).path("field").asText()).isEqualTo("names");
    Http.Response badStep = platform.http.get("/api/v1/jobs/" + id + "/metrics?step=soon");
    assertThat(badStep.status()).as(badStep.raw()).isEqualTo(400);
    assertThat(badStep.body().path("errors").get(0).path("field").asText()).isEqualTo("step");

    jobs.stop(id, false);
  }

  /** The newest job-level value of each metric, awaited until the condition holds. */
  private Map<String, Double> awaitLatest(
      long id, java.util.function.Predicate<Map<String, Double>> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Map<String, Double> last = Map.of();
    while (Instant.now().isBefore(deadline)) {
      Http.Response r =
          platform.http.get(
              "/api/v1/jobs/" + id + "/metrics?from=" + Instant.now().minusSeconds(60));
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      last = newest(r.body());
      if (condition.test(last)) {
        return last;
      }
      Platform.sleep(1000);
    }
    throw new AssertionError("Metrics did not reach the expected values; last seen: " + last);
  }

  private static Map<String, Double> newest(JsonNode history) {
    Map<String, Double> out = new HashMap<>();
    for (JsonNode series : history.path("series")) {
      JsonNode points = series.path("points");
      JsonNode vertex = series.path("vertex");
      if ((vertex.isNull() || vertex.isMissingNode()) && points.size() > 0) {
        out.put(series.path("name").asText(), points.get(points.size() - 1).get(1).asDouble());
      }
    }
    return out;
  }

  private static boolean between(Double value, double low, double high) {
    return value != null && value >= low && value <= high;
  }
}
