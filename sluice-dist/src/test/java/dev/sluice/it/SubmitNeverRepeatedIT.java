package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A submission whose answer is lost on the way back is never repeated into a second job: Sluice
 * keeps the Flink job id it sent and finds the job on the cluster.
 */
@Order(14)
class SubmitNeverRepeatedIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final Http flink = new Http(platform.flinkUrl());

  @Test
  void aSubmissionWithoutAnyAnswerEndsAsOneRunningJob() throws Exception {
    try (SubmitDroppingProxy proxy =
        new SubmitDroppingProxy(platform.flinkPort, Integer.MAX_VALUE)) {
      long id = createOn(proxiedCluster("silent_cluster", proxy), "answer_never_comes");

      Http.Response deploy = platform.http.post("/api/v1/jobs/" + id + "/deploy", Map.of());

      assertThat(deploy.status()).as(deploy.raw()).isEqualTo(504);
      assertThat(deploy.contentType()).startsWith("application/problem+json");
      assertThat(deploy.body().path("title").asText()).isEqualTo("Submission outcome unknown");
      String flinkJobId = deploy.body().path("flinkJobId").asText();
      assertThat(flinkJobId).matches("[0-9a-f]{32}");
      // Every attempt reached the cluster: the first was accepted, the repeats were refused as
      // duplicates of the same job id, and none of the answers came back.
      // (Flink answers a repeated job id with a 500 naming DuplicateJobSubmissionException.)
      assertThat(proxy.submitAnswers()).containsExactly(202, 500, 500);

      JsonNode running =
          jobs.await(id, j -> "RUNNING".equals(j.path("state").asText()), Duration.ofMinutes(1));
      assertThat(running.path("flinkJobId").asText()).isEqualTo(flinkJobId);
      assertThat(running.path("desiredState").asText()).isEqualTo("RUNNING");
      assertThat(running.path("lastError").isNull()).as(running.toString()).isTrue();
      assertThat(flinkJobsNamed("answer_never_comes")).containsExactly(flinkJobId);

      // A deploy now asks the cluster first and finds the job running.
      Http.Response again = platform.http.post("/api/v1/jobs/" + id + "/deploy", Map.of());
      assertThat(again.status()).as(again.raw()).isEqualTo(409);
      assertThat(flinkJobsNamed("answer_never_comes")).containsExactly(flinkJobId);
      jobs.stop(id, false);
    }
  }

  @Test
  void aRepeatedSubmissionAnsweredAsDuplicateCountsAsAccepted() throws Exception {
    try (SubmitDroppingProxy proxy = new SubmitDroppingProxy(platform.flinkPort, 1)) {
      long id = createOn(proxiedCluster("flaky_cluster", proxy), "first_answer_lost");

      JsonNode deployed = jobs.deploy(id, "none");

      assertThat(deployed.path("state").asText()).isEqualTo("RUNNING");
      String flinkJobId = deployed.path("flinkJobId").asText();
      // The first answer (accepted) was lost; the repeat was answered "already submitted".
      assertThat(proxy.submitAnswers()).containsExactly(202, 500);
      jobs.awaitRunning(id);
      assertThat(flinkJobsNamed("first_answer_lost")).containsExactly(flinkJobId);
      jobs.stop(id, false);
    }
  }

  private String proxiedCluster(String name, SubmitDroppingProxy proxy) {
    Http.Response r =
        platform.http.post("/api/v1/clusters", Map.of("name", name, "restUrl", proxy.url()));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return name;
  }

  private long createOn(String cluster, String name) {
    Http.Response r =
        platform.http.post(
            "/api/v1/jobs",
            Map.of("name", name, "type", "SQL", "script", Jobs.ENDLESS, "cluster", cluster));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  private List<String> flinkJobsNamed(String name) {
    List<String> ids = new ArrayList<>();
    for (JsonNode j : flink.get("/jobs/overview").body().path("jobs")) {
      if (j.path("name").asText().equals(name)) {
        ids.add(j.path("jid").asText());
      }
    }
    return ids;
  }
}
