package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @TempDir Path config;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsTheFiltersAndPrintsATable() {
    server.on(
        "GET",
        "/audit?actor=ann&action=job.deploy&project=shop&since=2026-12-01T00%3A00%3A00Z&limit=2",
        200,
        "[{\"id\":2,\"at\":\"2026-12-01T10:05:00Z\",\"actor\":\"ann\",\"action\":\"job.deploy\","
            + "\"project\":\"shop\",\"target\":\"job 4\",\"detail\":{\"version\":3}},"
            + "{\"id\":1,\"at\":\"2026-12-01T10:00:00Z\",\"actor\":\"ann\",\"action\":\"job.deploy\","
            + "\"project\":\"shop\",\"target\":\"job 4\",\"detail\":null}]");

    CliRun run =
        CliRun.against(
            server.url(),
            Map.of("XDG_CONFIG_HOME", config.toString()),
            "",
            "--token",
            "slc_admin",
            "audit",
            "--actor",
            "ann",
            "--action",
            "job.deploy",
            "--project",
            "shop",
            "--since",
            "2026-12-01T00:00:00Z",
            "--limit",
            "2");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            """
            AT                    ACTOR  ACTION      PROJECT  TARGET  DETAIL
            2026-12-01T10:05:00Z  ann    job.deploy  shop     job 4   {"version":3}
            2026-12-01T10:00:00Z  ann    job.deploy  shop     job 4   -
            """);
  }
}
