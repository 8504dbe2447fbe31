package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsCommandTest {
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
  void listsAlertsWithTheFilters() {
    server.on(
        "GET",
        "/alerts?state=firing&job=payments",
        200,
        "[{\"id\":7,\"state\":\"firing\",\"rule\":\"bp\",\"severity\":\"P1\",\"job\":\"payments\","
            + "\"vertex\":\"Map\",\"value\":700.0,\"since\":\"2026-12-01T10:00:00Z\","
            + "\"suppressed\":null},"
            + "{\"id\":6,\"state\":\"firing\",\"rule\":\"slow\",\"severity\":\"P0\",\"job\":\"payments\","
            + "\"vertex\":null,\"value\":0.0,\"since\":\"2026-12-01T09:59:00Z\","
            + "\"suppressed\":\"silenced\"}]");

    CliRun run = run("alerts", "list", "--state", "firing", "--job", "payments");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            """
            ID  STATE   RULE  SEVERITY  JOB       VERTEX  VALUE  SINCE                 MUTED
            7   firing  bp    P1        payments  Map     700.0  2026-12-01T10:00:00Z  -
            6   firing  slow  P0        payments  -       0.0    2026-12-01T09:59:00Z  silenced
            """);
  }

  @Test
  void createsARuleFromAFileAndDeletesItByName() throws Exception {
    Path file = dir.resolve("rule.json");
    Files.writeString(
        file,
        "{\"name\": \"slow-input\", \"job\": \"payments\", \"for\": \"20s\", \"conditions\":"
            + " [{\"metric\": \"input_rate\", \"op\": \"<\", \"value\": 1000}]}");
    server.on(
        "POST",
        "/alert-rules",
        201,
        "{\"id\":3,\"name\":\"slow-input\",\"project\":\"shop\",\"summary\":\"input_rate < 1000"
            + " for 20s\"}");
    server.on("DELETE", "/alert-rules/slow-input?project=shop", 204, "");

    CliRun created =
        run("alerts", "rules", "create", "--file", file.toString(), "--project", "shop");
    CliRun deleted = run("alerts", "rules", "delete", "slow-input", "--project", "shop");

    assertThat(created.err()).isEmpty();
    assertThat(created.out())
        .isEqualTo("created rule slow-input (id 3, project shop): input_rate < 1000 for 20s\n");
    JsonNode sent = Api.JSON.readTree(server.only("POST", "/alert-rules").body());
    assertThat(sent.path("project").asText()).isEqualTo("shop");
    assertThat(sent.path("conditions").get(0).path("op").asText()).isEqualTo("<");
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted rule slow-input\n");
  }

  @Test
  void showsWhereARuleIsWrong() throws Exception {
    Path file = dir.resolve("rule.json");
    Files.writeString(file, "{\"name\": \"r\", \"conditions\": [{}]}");
    server.on(
        "POST",
        "/alert-rules",
        400,
        "{\"title\":\"Bad request\",\"status\":400,\"detail\":\"conditions[0].metric: a metric is"
            + " required\",\"errors\":[{\"field\":\"conditions[0].metric\",\"message\":"
            + "\"conditions[0].metric: a metric is required\"}]}");

    CliRun run = run("alerts", "rules", "create", "--file", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("conditions[0].metric: a metric is required");
  }

  @Test
  void silencesAJobForADurationAndListsSilences() {
    server.on(
        "POST",
        "/silences",
        201,
        "{\"id\":4,\"project\":\"shop\",\"matchers\":{\"job\":\"payments\",\"rule\":\"slow\"},"
            + "\"endsAt\":\"2026-12-01T12:00:00Z\"}");
    server.on(
        "GET",
        "/silences",
        200,
        "[{\"id\":4,\"project\":\"shop\",\"matchers\":{\"job\":\"payments\"},"
            + "\"startsAt\":\"2026-12-01T10:00:00Z\",\"endsAt\":\"2026-12-01T12:00:00Z\","
            + "\"active\":true,\"author\":\"ana\",\"comment\":\"deploy\"}]");

    CliRun silenced =
        run(
            "alerts",
            "silence",
            "--job",
            "payments",
            "--rule",
            "slow",
            "--for",
            "2h",
            "--comment",
            "deploy");
    CliRun listed = run("alerts", "silences");

    assertThat(silenced.err()).isEmpty();
    assertThat(silenced.out())
        .isEqualTo(
            "silence 4 in project shop mutes {\"job\":\"payments\",\"rule\":\"slow\"} until"
                + " 2026-12-01T12:00:00Z\n");
    assertThat(server.only("POST", "/silences").body())
        .isEqualTo(
            "{\"matchers\":{\"job\":\"payments\",\"rule\":\"slow\"},\"for\":\"2h\","
                + "\"comment\":\"deploy\"}");
    assertThat(listed.out())
        .isEqualTo(
            """
            ID  PROJECT  MATCHERS            STARTS                ENDS                  ACTIVE  AUTHOR  COMMENT
            4   shop     {"job":"payments"}  2026-12-01T10:00:00Z  2026-12-01T12:00:00Z  yes     ana     deploy
            """);
  }

  @Test
  void listsRulesWithWhatTheyWatch() {
    server.on(
        "GET",
        "/alert-rules",
        200,
        "[{\"id\":1,\"name\":\"p0-job-failed\",\"project\":\"shop\",\"job\":null,\"tier\":\"P0\","
            + "\"severity\":\"P0\",\"summary\":\"job_state == FAILED\",\"channels\":[\"pager\"]},"
            + "{\"id\":2,\"name\":\"slow\",\"project\":\"shop\",\"job\":\"payments\",\"tier\":null,"
            + "\"severity\":null,\"summary\":\"input_rate < 1000 for 20s\",\"channels\":[]}]");

    CliRun run = run("alerts", "rules", "list");

    assertThat(run.out())
        .isEqualTo(
            """
            ID  NAME           PROJECT  WATCHES       SEVERITY    CONDITIONS                 CHANNELS
            1   p0-job-failed  shop     tier P0       P0          job_state == FAILED        pager
            2   slow           shop     job payments  job's tier  input_rate < 1000 for 20s  -
            """);
  }
}
