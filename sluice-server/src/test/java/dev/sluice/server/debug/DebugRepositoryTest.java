package dev.sluice.server.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** The rows of debug runs on both databases of the store, as the taps post them. */
class DebugRepositoryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JdbcClient jdbc;
  private DebugRepository runs;
  private String run;

  private void store(String kind, int maxRows) {
    DataSource ds = TestDatabases.migrated(kind);
    jdbc = JdbcClient.create(ds);
    runs = new DebugRepository(jdbc, new DataSourceTransactionManager(ds));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            "INSERT INTO clusters (name, kind, rest_url, created_at)"
                + " VALUES ('local', 'LOCAL', 'http://localhost:8081', ?)")
        .param(now)
        .update();
    long clusterId = jdbc.sql("SELECT id FROM clusters").query(Long.class).single();
    run = "5b0c7a52-7d43-4f1c-9a3e-3f6c1d2e8a90";
    runs.insert(
        new DebugRun(
            run,
            null,
            "INSERT INTO t SELECT 1",
            clusterId,
            "0123456789abcdef0123456789abcdef",
            "token",
            DebugRun.RUNNING,
            null,
            "[]",
            maxRows,
            600,
            300,
            "ana",
            now,
            now,
            null,
            "demo",
            false));
  }

  /** A body exactly as the tap posts it, rows of one value each. */
  private static PostedBatch posted(
      String step, int attempt, String instance, long batch, int... values) {
    StringBuilder rows = new StringBuilder();
    for (int v : values) {
      rows.append(rows.isEmpty() ? "" : ",").append("{\"kind\":\"+I\",\"values\":[" + v + "]}");
    }
    String body =
        "{\"step\":\""
            + step
            + "\",\"sender\":{\"subtask\":0,\"attempt\":"
            + attempt
            + ",\"instance\":\""
            + instance
            + "\"},\"batch\":"
            + batch
            + ",\"rows\":["
            + rows
            + "]}";
    return PostedBatch.parse(JSON.readTree(body), JSON);
  }

  private List<String> stored(String step) {
    return runs.rows(run, step, -1, 1000).stream()
        .map(r -> r.seq() + " " + r.kind() + " " + r.rowValues())
        .toList();
  }

  @ParameterizedTest
  @MethodSource("dev.sluice.server.TestDatabases#kinds")
  void theBatchesOfASinkRestartedByAFailoverAreKeptAfterThoseOfTheFirstAttempt(String kind) {
    store(kind, 1000);
    assertThat(runs.append(run, posted("big", 0, "a", 0, 1, 2), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 2));
    assertThat(runs.append(run, posted("big", 0, "a", 1, 3), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 3));
    // The failover: the sink starts again, counting its batches from 0, and the source replays
    // from its last checkpoint.
    assertThat(runs.append(run, posted("big", 1, "b", 0, 2, 3), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 5));
    assertThat(runs.append(run, posted("big", 1, "b", 1, 4), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 6));

    assertThat(stored("big"))
        .containsExactly("0 +I [1]", "1 +I [2]", "2 +I [3]", "3 +I [2]", "4 +I [3]", "5 +I [4]");
    assertThat(runs.count(run, "big")).isEqualTo(6);
  }

  @ParameterizedTest
  @MethodSource("dev.sluice.server.TestDatabases#kinds")
  void aBatchPostedAgainAfterALostAnswerIsStoredOnce(String kind) {
    store(kind, 1000);
    assertThat(runs.append(run, posted("big", 0, "a", 0, 1, 2), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 2));
    assertThat(runs.append(run, posted("big", 0, "a", 0, 1, 2), 1000))
        .isEqualTo(new DebugRepository.Appended(true, 2));
    assertThat(runs.append(run, posted("big", 0, "a", 1, 3), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 3));
    assertThat(runs.append(run, posted("big", 0, "a", 1, 3), 1000))
        .isEqualTo(new DebugRepository.Appended(true, 3));

    assertThat(stored("big")).containsExactly("0 +I [1]", "1 +I [2]", "2 +I [3]");
  }

  @ParameterizedTest
  @MethodSource("dev.sluice.server.TestDatabases#kinds")
  void aSenderAndNumberOfAnotherStepIsAnotherBatch(String kind) {
    store(kind, 1000);
    runs.append(run, posted("big", 0, "a", 0, 1), 1000);
    assertThat(runs.append(run, posted("enriched", 0, "a", 0, 7), 1000))
        .isEqualTo(new DebugRepository.Appended(false, 1));
    assertThat(stored("big")).containsExactly("0 +I [1]");
    assertThat(stored("enriched")).containsExactly("0 +I [7]");
  }

  @ParameterizedTest
  @MethodSource("dev.sluice.server.TestDatabases#kinds")
  void aStepTakesRowsUpToItsLimitAndNoMore(String kind) {
    store(kind, 3);
    assertThat(runs.append(run, posted("big", 0, "a", 0, 1, 2), 3))
        .isEqualTo(new DebugRepository.Appended(false, 2));
    assertThat(runs.append(run, posted("big", 0, "a", 1, 3, 4), 3))
        .isEqualTo(new DebugRepository.Appended(false, 3));
    assertThat(runs.append(run, posted("big", 0, "a", 2, 5), 3))
        .isEqualTo(new DebugRepository.Appended(false, 3));
    assertThat(stored("big")).containsExactly("0 +I [1]", "1 +I [2]", "2 +I [3]");
  }

  @ParameterizedTest
  @MethodSource("dev.sluice.server.TestDatabases#kinds")
  void rowsStoredBeforeSendersWereKnownStayFirst(String kind) {
    store(kind, 1000);
    // Rows of a run posted before the upgrade were numbered batch * 1000 + position.
    jdbc.sql(
            "INSERT INTO debug_rows (run_id, step, seq, kind, row_values)"
                + " VALUES (?, 'big', 2000, '+I', '[1]')")
        .param(run)
        .update();
    // A tap that predates senders: no sender in its body.
    PostedBatch legacy =
        PostedBatch.parse(
            JSON.readTree(
                "{\"step\":\"big\",\"batch\":3,\"rows\":[{\"kind\":\"-D\",\"values\":[1]}]}"),
            JSON);
    assertThat(legacy.id()).isEqualTo(new PostedBatch.Id("big", 0, 0, "", 3));
    assertThat(runs.append(run, legacy, 1000)).isEqualTo(new DebugRepository.Appended(false, 2));
    assertThat(stored("big")).containsExactly("2000 +I [1]", "2001 -D [1]");
  }

  @ParameterizedTest
  @MethodSource("dev.sluice.server.TestDatabases#kinds")
  void postsOfSeveralSendersAtOnceTakeTheirPlacesOneAfterTheOther(String kind) throws Exception {
    store(kind, 100_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> posts = new ArrayList<>();
      for (int sender = 0; sender < 4; sender++) {
        int attempt = sender;
        posts.add(
            pool.submit(
                () -> {
                  for (int batch = 0; batch < 10; batch++) {
                    runs.append(
                        run, posted("big", attempt, "i" + attempt, batch, batch, batch), 100_000);
                  }
                }));
      }
      for (Future<?> post : posts) {
        post.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs.rows(run, "big", -1, 1000))
        .extracting(DebugRepository.StoredRow::seq)
        .containsExactlyElementsOf(IntStream.range(0, 80).mapToObj(i -> (long) i).toList());
  }
}
