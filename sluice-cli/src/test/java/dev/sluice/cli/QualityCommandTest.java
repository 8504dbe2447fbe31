package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityCommandTest {
  @TempDir Path dir;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    return CliRun.withToken(server.url(), dir, "slc_operator", args);
  }

  @Test
  void listsMonitorsWithTheirSourceAndChecks() {
    server.on(
        "GET",
        "/quality-monitors",
        200,
        "[{\"name\":\"pq\",\"project\":\"demo\",\"source\":{\"job\":\"events\",\"table\":\"payments\","
            + "\"kafka\":{\"topic\":\"payments\"}},\"window\":\"1m\",\"checks\":["
            + "{\"type\":\"null_ratio\",\"column\":\"merchant\"},{\"type\":\"freshness\"},"
            + "{\"type\":\"duplicate_key_ratio\",\"key\":[\"id\",\"day\"]}],"
            + "\"job\":{\"name\":\"quality.pq\",\"id\":4,\"state\":\"RUNNING\"}}]");

    CliRun run = run("quality", "list");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            """
            NAME  PROJECT  SOURCE                            WINDOW  CHECKS                                                      JOB         STATE
            pq    demo     events.payments (topic payments)  1m      null_ratio(merchant) freshness duplicate_key_ratio(id,day)  quality.pq  RUNNING
            """);
  }

  @Test
  void deploysWithTheStatementsToConfirmAndShowsResults() {
    server.on(
        "POST",
        "/quality-monitors/pq/deploy",
        200,
        "{\"id\":4,\"name\":\"quality.pq\",\"state\":\"RUNNING\"}");
    server.on(
        "GET",
        "/quality-monitors/pq/results?windows=1",
        200,
        "{\"monitor\":\"pq\",\"windows\":[{\"windowStart\":\"2026-12-02T03:10:00Z\","
            + "\"windowEnd\":\"2026-12-02T03:11:00Z\",\"values\":["
            + "{\"metric\":\"dq_null_ratio\",\"label\":\"merchant\",\"value\":0.2},"
            + "{\"metric\":\"dq_volume_vs_previous_day\",\"label\":null,\"value\":null}]}]}");

    CliRun deployed = run("quality", "deploy", "pq", "--confirm-drop", "stmt-1");
    CliRun results = run("quality", "results", "pq", "--windows", "1");

    assertThat(deployed.out()).isEqualTo("deployed quality.pq (id 4): RUNNING\n");
    JsonNode sent = readBody("POST", "/quality-monitors/pq/deploy");
    assertThat(sent.path("confirmDrop").get(0).asText()).isEqualTo("stmt-1");
    assertThat(results.out())
        .isEqualTo(
            """
            WINDOW END            METRIC                     LABEL     VALUE
            2026-12-02T03:11:00Z  dq_null_ratio              merchant  0.2
            2026-12-02T03:11:00Z  dq_volume_vs_previous_day  -         -
            """);
  }

  private JsonNode readBody(String method, String path) {
    try {
      return Api.JSON.readTree(server.only(method, path).body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
