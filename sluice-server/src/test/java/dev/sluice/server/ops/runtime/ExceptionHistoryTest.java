package dev.sluice.server.ops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ExceptionHistoryTest {
  private final JsonNode recorded = RecordedFlinkRest.resource("runtime/exceptions.json");
  private final ExceptionHistory history =
      new ExceptionHistory(t -> t.replace("s3cr3t-Value!", "${secret:db_password}"));

  @Test
  void eachFailureWithItsCauseTaskAndTaskManagerNewestFirst() {
    List<JobExceptions.Failure> failures = history.failures(recorded);

    assertThat(failures).hasSize(2);
    JobExceptions.Failure newest = failures.get(0);
    assertThat(newest.exceptionName()).isEqualTo("java.lang.RuntimeException");
    assertThat(newest.message())
        .isEqualTo(
            "Failed to fetch next result (connection"
                + " url=jdbc:postgresql://db/orders?password=${secret:db_password})");
    assertThat(newest.cause()).isEqualTo("NumberFormatException: For input string: 'xq3f1b'");
    assertThat(newest.timestamp()).isEqualTo(1796168600000L);
    assertThat(newest.taskName()).isEqualTo("Source: words[1] -> Calc[2] (1/2)#1");
    assertThat(newest.location()).isEqualTo("localhost:41873");
    assertThat(newest.taskManagerId()).isEqualTo("localhost:41873-6c0f2a");
    assertThat(newest.concurrentExceptions()).isEqualTo(1);

    JobExceptions.Failure restart = failures.get(1);
    assertThat(restart)
        .isEqualTo(
            new JobExceptions.Failure(
                "org.apache.flink.runtime.JobException",
                "Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy"
                    + "(maxNumberRestartAttempts=1, backoffTimeMS=1000)",
                "NumberFormatException: For input string: 'xk9a0d'",
                """
                org.apache.flink.runtime.JobException: Recovery is suppressed by \
                FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=1, backoffTimeMS=1000)
                \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler\
                .handleFailure(ExecutionFailureHandler.java:180)
                Caused by: java.lang.NumberFormatException: For input string: 'xk9a0d'
                \tat java.base/java.lang.Integer.parseInt(Integer.java:668)""",
                1796168500000L,
                null,
                null,
                null,
                0));
  }

  @Test
  void aLongTraceShowsItsFirstLinesAndHowManyMore() {
    String excerpt = history.failures(recorded).get(0).stacktrace();

    List<String> lines = excerpt.lines().toList();
    assertThat(lines).hasSize(ExceptionHistory.TRACE_LINES + 1);
    assertThat(lines.get(0))
        .isEqualTo(
            "java.lang.RuntimeException: Failed to fetch next result (connection"
                + " url=jdbc:postgresql://db/orders?password=${secret:db_password})");
    assertThat(lines.get(ExceptionHistory.TRACE_LINES)).isEqualTo("\t... 15 more lines");
    assertThat(excerpt).doesNotContain("s3cr3t-Value!");
  }

  @Test
  void flinksTruncatedFlagIsKept() {
    assertThat(history.truncated(recorded)).isTrue();
  }

  @Test
  void withoutAHistoryTheRootExceptionIsTheOneFailure() {
    JsonNode old =
        JsonMapper.builder()
            .build()
            .readTree(
                "{\"root-exception\":\"java.lang.IllegalStateException: gone\\n\\tat a.B.c(B.java:1)\","
                    + "\"timestamp\":1796168700000,\"all-exceptions\":[],\"truncated\":false,"
                    + "\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}");

    assertThat(history.failures(old))
        .containsExactly(
            new JobExceptions.Failure(
                "java.lang.IllegalStateException",
                "gone",
                "IllegalStateException: gone",
                "java.lang.IllegalStateException: gone\n\tat a.B.c(B.java:1)",
                1796168700000L,
                null,
                null,
                null,
                0));
  }

  @Test
  void aHealthyJobHasNoFailures() {
    JsonNode none =
        JsonMapper.builder()
            .build()
            .readTree("{\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}");

    assertThat(history.failures(none)).isEmpty();
    assertThat(history.truncated(none)).isFalse();
  }
}
