package dev.sluice.server.ops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.CompiledJob;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.fakes.ServerFixture;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.metrics.MetricsProperties;
import dev.sluice.server.secrets.SecretRedactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The three views of a job over the recorded answers of its cluster. */
class JobRuntimeServiceTest {
  private static final String ORDERS = VertexGraphReaderTest.ORDERS;
  private static final String STATEMENT = "default_catalog.default_database.totals#1a2b3c4d5e6f";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private ServerFixture fixture;
  private RecordedFlinkRest flink;
  private JobRuntimeService runtime;
  private Cluster cluster;

  @BeforeEach
  void setUp() {
    fixture = new ServerFixture(dir);
    flink =
        new RecordedFlinkRest()
            .on("/jobs/" + ORDERS, "job-orders.json")
            .on("/jobs/" + ORDERS + "/status", JSON.readTree("{\"status\":\"RUNNING\"}"))
            .on("/jobs/" + ORDERS + "/checkpoints", "runtime/checkpoints.json")
            .on("/jobs/" + ORDERS + "/exceptions?maxExceptions=5", "runtime/exceptions.json")
            .vertex(
                ORDERS,
                VertexGraphReaderTest.SOURCE,
                "vertex-5039292525804657a88624bcd026a442.json")
            .vertex(
                ORDERS,
                VertexGraphReaderTest.AGGREGATE,
                "vertex-e0c7745b52e4a901674387ed3604b8d3.json")
            .vertex(
                ORDERS, VertexGraphReaderTest.SINK, "vertex-666079dcf410e83224b55e0999717179.json");
    cluster = fixture.clusterStore.insert("remote", "REMOTE", flink.url());
    fixture.secrets.createValue("db_password", "s3cr3t-Value!", "ana");
    runtime = service();
  }

  private JobRuntimeService service() {
    return new JobRuntimeService(
        new ClusterService(fixture.clusterStore, fixture.engine),
        fixture.deployments,
        fixture.jobs,
        new SecretRedactor(fixture.secrets),
        fixture.clock,
        JSON,
        MetricsProperties.defaults());
  }

  @AfterEach
  void stop() {
    flink.close();
  }

  /** A job of the remote cluster whose latest Flink job is the given one. */
  private Job deployed(String name, String flinkJobId) {
    long id = fixture.job(name, "INSERT INTO totals SELECT 1;");
    fixture.jobs.setCluster(id, cluster.id());
    if (flinkJobId != null) {
      fixture.jobs.markSubmitting(id, flinkJobId, 1);
    }
    return fixture.jobs.findById(id).orElseThrow();
  }

  @Test
  void aJobNeverDeployedHasEmptyViewsWithoutAskingTheCluster() {
    Job job = deployed("never", null);

    JobVertices vertices = runtime.vertices(job);
    JobCheckpoints checkpoints = runtime.checkpoints(job);
    JobExceptions exceptions = runtime.exceptions(job, 20);

    Instant now = fixture.clock.instant();
    assertThat(vertices).isEqualTo(new JobVertices("never", job.id(), null, null, now, List.of()));
    assertThat(checkpoints)
        .isEqualTo(
            new JobCheckpoints(
                "never",
                job.id(),
                null,
                null,
                now,
                JobCheckpoints.Counts.NONE,
                JobCheckpoints.Latest.NONE,
                List.of()));
    assertThat(exceptions)
        .isEqualTo(
            new JobExceptions("never", job.id(), null, null, now, 20, null, List.of(), false));
    assertThat(flink.requests()).isEmpty();
  }

  @Test
  void aFlinkJobTheClusterForgotIsNotRunning() {
    String forgotten = "0123456789abcdef0123456789abcdef";
    Job job = deployed("forgotten", forgotten);

    assertThat(runtime.vertices(job).state()).isNull();
    assertThat(runtime.vertices(job).flinkJobId()).isEqualTo(forgotten);
    assertThat(runtime.vertices(job).vertices()).isEmpty();
    assertThat(runtime.checkpoints(job).counts()).isEqualTo(JobCheckpoints.Counts.NONE);
    assertThat(runtime.checkpoints(job).state()).isNull();
    assertThat(runtime.exceptions(job, 5).history()).isEmpty();
    assertThat(runtime.exceptions(job, 5).rootCause()).isNull();
  }

  @Test
  void verticesAreNamedByTheOperatorsRecordedAtTheDeployWhenThePlanHasNone() {
    Job job = deployed("orders", ORDERS);
    fixture.jobs.addOperatorOwners(
        job.id(),
        ORDERS,
        Map.of(
            VertexGraphReaderTest.AGGREGATE,
            new CompiledJob.OperatorOwner("stmt:" + STATEMENT + ":agg", STATEMENT)));

    JobVertices vertices = runtime.vertices(job);

    assertThat(vertices.state()).isEqualTo("RUNNING");
    assertThat(vertices.flinkJobId()).isEqualTo(ORDERS);
    assertThat(vertices.at()).isEqualTo(fixture.clock.instant());
    assertThat(vertices.vertices())
        .extracting(JobVertices.Vertex::id, JobVertices.Vertex::statement, JobVertices.Vertex::uid)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(VertexGraphReaderTest.SOURCE, null, null),
            org.assertj.core.groups.Tuple.tuple(VertexGraphReaderTest.AGGREGATE, STATEMENT, null),
            org.assertj.core.groups.Tuple.tuple(VertexGraphReaderTest.SINK, null, null));
    assertThat(vertices.vertices().get(1).recordsInPerSecond()).isEqualTo(80.0);
  }

  @Test
  void checkpointsCarryTheFlinkJobsState() {
    JobCheckpoints checkpoints = runtime.checkpoints(deployed("orders", ORDERS));

    assertThat(checkpoints.state()).isEqualTo("RUNNING");
    assertThat(checkpoints.counts()).isEqualTo(new JobCheckpoints.Counts(3, 1, 1, 1, 5));
    assertThat(checkpoints.history())
        .extracting(JobCheckpoints.Checkpoint::id)
        .containsExactly(15L, 14L, 13L, 12L);
    assertThat(checkpoints.latest().failed().failureMessage())
        .isEqualTo("Sink writer failed: password=${secret:db_password} refused by host");
    // The web studio reads the components by these names.
    String json = JSON.writeValueAsString(checkpoints);
    assertThat(json)
        .contains("\"isSavepoint\":true")
        .contains("\"inProgress\":1")
        .contains("\"endToEndDurationMs\":30")
        .doesNotContainPattern("\"savepoint\":(true|false)");
  }

  @Test
  void exceptionsAskForAsManyAsRequestedAndHideSecretValues() {
    JobExceptions exceptions = runtime.exceptions(deployed("orders", ORDERS), 5);

    assertThat(exceptions.state()).isEqualTo("RUNNING");
    assertThat(exceptions.maxExceptions()).isEqualTo(5);
    assertThat(exceptions.truncated()).isTrue();
    assertThat(exceptions.history()).hasSize(2);
    assertThat(exceptions.rootCause()).isEqualTo(exceptions.history().get(0));
    assertThat(exceptions.rootCause().cause())
        .isEqualTo("NumberFormatException: For input string: 'xq3f1b'");
    assertThat(exceptions.rootCause().message()).contains("password=${secret:db_password}");
    assertThat(JSON.writeValueAsString(exceptions)).doesNotContain("s3cr3t-Value!");
    assertThat(flink.requests()).contains("/jobs/" + ORDERS + "/exceptions?maxExceptions=5");
  }

  @Test
  void aClusterThatDoesNotAnswerIsUnreachable() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Cluster down = fixture.clusterStore.insert("down", "REMOTE", "http://127.0.0.1:" + closed);
    long id = fixture.job("lost", "INSERT INTO totals SELECT 1;");
    fixture.jobs.setCluster(id, down.id());
    fixture.jobs.markSubmitting(id, ORDERS, 1);
    Job job = fixture.jobs.findById(id).orElseThrow();

    for (Runnable call :
        List.<Runnable>of(
            () -> runtime.vertices(job),
            () -> runtime.checkpoints(job),
            () -> runtime.exceptions(job, 20))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.unreachable()).isTrue())
          .hasMessageStartingWith(
              "The cluster of job 'lost' cannot be reached: http://127.0.0.1:" + closed + "/jobs/");
    }
  }
}
