package dev.sluice.server.ops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CheckpointStatsTest {
  private static final String REDACTED =
      "Sink writer failed: password=${secret:db_password} refused by host";
  private static final JobCheckpoints.Checkpoint COMPLETED =
      new JobCheckpoints.Checkpoint(
          14,
          "COMPLETED",
          false,
          1796168510000L,
          1796168510030L,
          30L,
          16384L,
          1024L,
          512L,
          "CHECKPOINT",
          "file:/data/checkpoints/9c1f0e2d3b4a59687766554433221100/chk-14",
          null,
          null);
  private static final JobCheckpoints.Checkpoint FAILED =
      new JobCheckpoints.Checkpoint(
          13,
          "FAILED",
          false,
          1796168500000L,
          null,
          600000L,
          0L,
          0L,
          0L,
          "CHECKPOINT",
          null,
          1796169100000L,
          REDACTED);
  private static final JobCheckpoints.Checkpoint SAVEPOINT =
      new JobCheckpoints.Checkpoint(
          12,
          "COMPLETED",
          true,
          1796168490000L,
          1796168490340L,
          340L,
          8192L,
          8192L,
          0L,
          "SAVEPOINT",
          "file:/data/savepoints/savepoint-9c1f0e-0a1b2c3d4e5f",
          null,
          null);

  private final JsonNode recorded = RecordedFlinkRest.resource("runtime/checkpoints.json");
  private final CheckpointStats stats =
      new CheckpointStats(t -> t.replace("s3cr3t-Value!", "${secret:db_password}"));

  @Test
  void countsAreFlinks() {
    assertThat(stats.counts(recorded)).isEqualTo(new JobCheckpoints.Counts(3, 1, 1, 1, 5));
  }

  @Test
  void latestCompletedFailedSavepointAndRestore() {
    assertThat(stats.latest(recorded))
        .isEqualTo(
            new JobCheckpoints.Latest(
                COMPLETED,
                FAILED,
                SAVEPOINT,
                new JobCheckpoints.Restored(
                    11,
                    1796168480000L,
                    true,
                    "file:/data/savepoints/savepoint-4ad756-aabbccddeeff")));
  }

  @Test
  void historyIsNewestFirstWithTheInProgressOneAndNoSecretValue() {
    List<JobCheckpoints.Checkpoint> history = stats.history(recorded);

    assertThat(history)
        .containsExactly(
            new JobCheckpoints.Checkpoint(
                15,
                "IN_PROGRESS",
                false,
                1796168520000L,
                null,
                12L,
                0L,
                0L,
                0L,
                "CHECKPOINT",
                null,
                null,
                null),
            COMPLETED,
            FAILED,
            SAVEPOINT);
  }

  @Test
  void aJobThatNeverCheckpointedHasNothing() {
    JsonNode none =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(
                "{\"counts\":{\"restored\":0,\"total\":0,\"in_progress\":0,\"completed\":0,\"failed\":0},"
                    + "\"latest\":{\"completed\":null,\"savepoint\":null,\"failed\":null,\"restored\":null},"
                    + "\"history\":[]}");

    assertThat(stats.counts(none)).isEqualTo(JobCheckpoints.Counts.NONE);
    assertThat(stats.latest(none)).isEqualTo(JobCheckpoints.Latest.NONE);
    assertThat(stats.history(none)).isEmpty();
  }
}
