package dev.sluice.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.fakes.InMemoryClusterStore;
import dev.sluice.server.fakes.InMemoryJobStore;
import dev.sluice.server.fakes.InMemoryMetricHistory;
import dev.sluice.server.fakes.MutableClock;
import dev.sluice.server.jobs.DesiredState;
import dev.sluice.server.jobs.JobState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The collector against a local HTTP server that serves recorded Flink 1.20 REST answers: every
 * value is the one the fixtures give, derived by hand below.
 */
class MetricsCollectorTest {
  private static final String ORDERS = "4ad756ed0ff94b43a37ccfd1123cc1c9";
  private static final String GONE = "0123456789abcdef0123456789abcdef";
  private static final String UNREACHABLE = "fedcba9876543210fedcba9876543210";
  private static final String SOURCE = "5039292525804657a88624bcd026a442";
  private static final String AGGREGATE = "e0c7745b52e4a901674387ed3604b8d3";
  private static final String SINK = "666079dcf410e83224b55e0999717179";
  private static final String TM1 = "localhost:43875-4d5e6f";
  private static final String TM2 = "localhost:43901-8a9b0c";

  private final MutableClock clock = new MutableClock();
  private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
  private final InMemoryClusterStore clusters = new InMemoryClusterStore();
  private final InMemoryMetricHistory history = new InMemoryMetricHistory();
  private final List<Object> events = new ArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private FakeFlinkRest flink;
  private MetricsCollector collector;
  private long orders;
  private long gone;
  private long unreachable;
  private long failed;
  private long stopped;

  @BeforeEach
  void setUp() throws IOException {
    flink =
        new FakeFlinkRest()
            .job(
                ORDERS,
                "job-orders.json",
                "job-orders-restarts.json",
                "job-orders-checkpoints.json")
            .vertex(ORDERS, SOURCE, "vertex-" + SOURCE + ".json")
            .vertex(ORDERS, AGGREGATE, "vertex-" + AGGREGATE + ".json")
            .vertex(ORDERS, SINK, "vertex-" + SINK + ".json")
            .taskManagers(
                "taskmanagers.json", Map.of(TM1, "taskmanager-1.json", TM2, "taskmanager-2.json"));
    Cluster local = clusters.insert("local", "LOCAL", flink.url());
    Cluster down = clusters.insert("down", "REMOTE", "http://127.0.0.1:" + closedPort());
    orders = running("orders", local, ORDERS);
    gone = running("gone", local, GONE);
    unreachable = running("elsewhere", down, UNREACHABLE);
    failed = running("failed", local, "00000000000000000000000000000003");
    jobs.updateState(failed, JobState.FAILED, "boom");
    stopped = running("stopped", local, "00000000000000000000000000000004");
    jobs.updateState(stopped, JobState.STOPPED, null);
    jobs.updateDesired(stopped, DesiredState.STOPPED);

    collector =
        new MetricsCollector(
            jobs,
            clusters,
            history,
            events::add,
            JsonMapper.builder().build(),
            clock,
            MetricsProperties.defaults());
    log.start();
    ((Logger) LoggerFactory.getLogger(MetricsCollector.class)).addAppender(log);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(MetricsCollector.class)).detachAppender(log);
    collector.close();
    flink.close();
  }

  @Test
  void readsEveryMetricOfARunningJobAsTheRecordedAnswersGiveIt() {
    MetricsCollected event = collector.collect();

    Map<String, Double> expected = new LinkedHashMap<>();
    // The source vertex: its input is what its source operator emits (110/s, not the 80/s that
    // leave the chained Calc); Kafka lag is its pendingRecords summed over subtasks; busy time is
    // NaN for a source and so absent.
    expected.put("records_in_rate@" + SOURCE, 110.0);
    expected.put("records_out_rate@" + SOURCE, 80.0);
    expected.put("idle@" + SOURCE, 0.0);
    expected.put("backpressure@" + SOURCE, 250.0);
    expected.put("pending_records@" + SOURCE, 1200.0);
    expected.put("kafka_lag@" + SOURCE, 1200.0);
    expected.put("event_time_lag@" + SOURCE, 1500.0);
    expected.put("records_in_rate@" + AGGREGATE, 80.0);
    expected.put("records_out_rate@" + AGGREGATE, 5.0);
    expected.put("busy@" + AGGREGATE, 900.0);
    expected.put("idle@" + AGGREGATE, 50.0);
    expected.put("backpressure@" + AGGREGATE, 100.0);
    expected.put("records_in_rate@" + SINK, 5.0);
    expected.put("records_out_rate@" + SINK, 0.0);
    expected.put("busy@" + SINK, 20.0);
    expected.put("idle@" + SINK, 970.0);
    expected.put("backpressure@" + SINK, 0.0);
    // The job: output is what the sink's writer takes in (4.5/s), times are the maximum over
    // vertices, the checkpoint age is Flink's "now" minus the last completion.
    expected.put("input_rate", 110.0);
    expected.put("output_rate", 4.5);
    expected.put("kafka_lag", 1200.0);
    expected.put("pending_records", 1200.0);
    expected.put("backpressure", 250.0);
    expected.put("busy", 900.0);
    expected.put("idle", 970.0);
    expected.put("event_time_lag", 1500.0);
    expected.put("job_state", 0.0);
    expected.put("restarts", 2.0);
    expected.put("checkpoints_completed", 7.0);
    expected.put("checkpoints_failed", 1.0);
    expected.put("checkpoint_duration", 27.0);
    expected.put("checkpoint_size", 4096.0);
    expected.put("checkpoint_age", 5000.0);
    expected.put("taskmanagers", 2.0);
    expected.put("tm_heap_used@" + TM1, 112777216.0);
    expected.put("tm_gc_time@" + TM1, 5.7);
    expected.put("tm_cpu@" + TM1, 0.06785212915301825);
    // The second TaskManager reports no GC rate: it is left out, the rest is read.
    expected.put("tm_heap_used@" + TM2, 200000000.0);
    expected.put("tm_cpu@" + TM2, 0.5);

    assertThat(samplesOf(orders)).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(history.all()).allMatch(s -> s.at().equals(clock.instant()));
    assertThat(event.at()).isEqualTo(clock.instant());
    assertThat(events).containsExactly(event);
  }

  @Test
  void asksOnlyForNamesTheVertexListedAndListsThemOncePerRefresh() {
    collector.collect();

    assertThat(flink.requests())
        .contains(
            "/jobs/"
                + ORDERS
                + "/vertices/"
                + SOURCE
                + "/subtasks/metrics?get=numRecordsInPerSecond,numRecordsOutPerSecond,"
                + "busyTimeMsPerSecond,idleTimeMsPerSecond,backPressuredTimeMsPerSecond,"
                + "Source__orders[67].numRecordsOutPerSecond,Source__orders[67].pendingRecords,"
                + "Source__orders[67].currentEmitEventTimeLag&agg=max,sum",
            "/jobs/"
                + ORDERS
                + "/vertices/"
                + SINK
                + "/subtasks/metrics?get=numRecordsInPerSecond,numRecordsOutPerSecond,"
                + "busyTimeMsPerSecond,idleTimeMsPerSecond,backPressuredTimeMsPerSecond,"
                + "totals[71]__Writer.numRecordsInPerSecond&agg=max,sum");
    // TaskManagers: the list and one query each (3); the job: details, three name lists, three
    // queries, restarts, checkpoints (9); the job that is gone: its details (1).
    assertThat(flink.requests()).hasSize(13);

    flink.clearRequests();
    clock.advance(Duration.ofSeconds(15));
    collector.collect();
    assertThat(flink.requests()).hasSize(10).noneMatch(r -> r.endsWith("/subtasks/metrics"));
    assertThat(samplesOf(orders)).containsEntry("input_rate", 110.0);
  }

  @Test
  void namesListedWhileAVertexIsYoungAreListedAgainSoonAfterNotEveryRefresh() {
    // The same job, its vertices started 5 s before Flink's "now": metrics that operators
    // register once records flow (a Kafka source's pendingRecords) may not be listed yet.
    ObjectNode details = (ObjectNode) FakeFlinkRest.resource("job-orders.json");
    long flinkNow = details.path("now").asLong();
    details
        .withArray("vertices")
        .forEach(v -> ((ObjectNode) v).put("start-time", flinkNow - 5_000));
    flink.job(
        ORDERS,
        details,
        FakeFlinkRest.resource("job-orders-restarts.json"),
        FakeFlinkRest.resource("job-orders-checkpoints.json"));
    String sourceNames = "/jobs/" + ORDERS + "/vertices/" + SOURCE + "/subtasks/metrics";

    collector.collect();
    assertThat(flink.requests()).filteredOn(sourceNames::equals).hasSize(1);

    // Within the young refresh (10 s) the list is kept; after it, it is read again.
    flink.clearRequests();
    clock.advance(Duration.ofSeconds(5));
    collector.collect();
    assertThat(flink.requests()).filteredOn(sourceNames::equals).isEmpty();
    flink.clearRequests();
    clock.advance(Duration.ofSeconds(10));
    collector.collect();
    assertThat(flink.requests()).filteredOn(sourceNames::equals).hasSize(1);
  }

  @Test
  void readsTheNamesAgainWhenOneIsGoneAndFallsBackToTheConsumerLag() {
    collector.collect();
    flink.removeVertexMetric(ORDERS, SOURCE, "Source__orders[67].pendingRecords");
    clock.advance(Duration.ofSeconds(15));

    collector.collect();

    Map<String, Double> now = samplesOf(orders);
    // Without pendingRecords the Kafka lag is records-lag-max summed over subtasks (1000).
    assertThat(now).containsEntry("kafka_lag@" + SOURCE, 1000.0).containsEntry("kafka_lag", 1000.0);
    assertThat(now).doesNotContainKey("pending_records@" + SOURCE);
    assertThat(now).containsEntry("input_rate", 110.0);
  }

  @Test
  void aClusterThatIsDownStopsNoOtherAndIsWarnedAboutOncePerStreak() {
    MetricsCollected first = collector.collect();
    clock.advance(Duration.ofSeconds(15));
    MetricsCollected second = collector.collect();

    assertThat(first.jobIds()).containsExactlyInAnyOrder(orders, gone, failed);
    assertThat(second.jobIds()).containsExactlyInAnyOrder(orders, gone, failed);
    assertThat(history.all()).noneMatch(s -> s.jobId() == unreachable || s.jobId() == stopped);
    assertThat(samplesOf(orders)).containsEntry("job_state", 0.0);
    List<String> warnings =
        log.list.stream()
            .filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith("Metrics of cluster 'down' cannot be collected");
  }

  @Test
  void aJobTheClusterNoLongerKnowsOrThatFailedHasItsStateAndNothingElse() {
    collector.collect();

    // Gone from the cluster: unknown (8), and the cluster's TaskManagers.
    assertThat(samplesOf(gone))
        .containsOnlyKeys(
            "job_state",
            "taskmanagers",
            "tm_heap_used@" + TM1,
            "tm_gc_time@" + TM1,
            "tm_cpu@" + TM1,
            "tm_heap_used@" + TM2,
            "tm_cpu@" + TM2)
        .containsEntry("job_state", 8.0);
    // Failed while it should run: known from the store (3), no request to the cluster.
    assertThat(samplesOf(failed)).containsExactlyEntriesOf(Map.of("job_state", 3.0));
    assertThat(flink.requests()).noneMatch(r -> r.contains("00000000000000000000000000000003"));
  }

  @Test
  void taskManagersSeenBetweenCyclesAreSamplesOfTheClustersWatchedJobsAtOnce() {
    long local = clusters.findAll().get(0).id();
    Instant at = clock.instant().plusSeconds(3);

    MetricsCollected event = collector.record(new TaskManagersSeen(local, 0, at));

    // orders and gone run on the local cluster; failed and stopped are not watched, elsewhere
    // runs on another cluster.
    assertThat(event.jobIds()).containsExactlyInAnyOrder(orders, gone);
    assertThat(events).containsExactly(event);
    assertThat(history.all())
        .extracting(MetricSample::jobId, MetricSample::name, MetricSample::at, MetricSample::value)
        .containsExactlyInAnyOrder(
            tuple(orders, "taskmanagers", at, 0.0), tuple(gone, "taskmanagers", at, 0.0));
    // Only the list of the TaskManagers that died, none of the jobs' metrics.
    assertThat(flink.requests()).hasSize(1).allMatch(r -> r.endsWith("/taskmanagers"));
  }

  @Test
  void taskManagersThatDiedAreNotCountedWhileFlinkStillListsThem() {
    long local = clusters.findAll().get(0).id();
    collector.record(new TaskManagersSeen(local, 0, clock.instant()));

    collector.collect();

    // Flink still lists both (until their heartbeats time out): neither counts, nor do their
    // metrics.
    assertThat(samplesOf(orders))
        .containsEntry("taskmanagers", 0.0)
        .doesNotContainKeys("tm_heap_used@" + TM1, "tm_heap_used@" + TM2);
  }

  @Test
  void aPartOfTheJobThatAnswersWithAnErrorLeavesTheOtherPartsCollected() {
    flink.fail("/jobs/" + ORDERS + "/checkpoints");

    MetricsCollected event = collector.collect();

    assertThat(event.jobIds()).contains(orders);
    assertThat(samplesOf(orders))
        .containsEntry("input_rate", 110.0)
        .containsEntry("restarts", 2.0)
        .doesNotContainKeys("checkpoint_age", "checkpoints_completed");
    assertThat(log.list)
        .noneMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("orders"));
  }

  @Test
  void stateCodesFollowMetricNames() {
    assertThat(JobMetricsCollector.stateCode("RUNNING")).isEqualTo(0);
    assertThat(JobMetricsCollector.stateCode("RESTARTING")).isEqualTo(1);
    assertThat(JobMetricsCollector.stateCode("FAILING")).isEqualTo(2);
    assertThat(JobMetricsCollector.stateCode("FAILED")).isEqualTo(3);
    assertThat(JobMetricsCollector.stateCode("CANCELED")).isEqualTo(4);
    assertThat(JobMetricsCollector.stateCode("FINISHED")).isEqualTo(5);
    assertThat(JobMetricsCollector.stateCode("INITIALIZING")).isEqualTo(6);
    assertThat(JobMetricsCollector.stateCode("SUSPENDED")).isEqualTo(7);
    assertThat(JobMetricsCollector.stateCode("SOMETHING_NEW")).isEqualTo(8);
  }

  /** The job's newest samples as name@vertex (or name) to value. */
  private Map<String, Double> samplesOf(long jobId) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (MetricSample s : history.latest(jobId, clock.instant())) {
      out.put(s.name() + (s.vertex() == null ? "" : "@" + s.vertex()), s.value());
    }
    return out;
  }

  private long running(String name, Cluster cluster, String flinkJobId) {
    long id = jobs.insert(name, "SQL", cluster.id(), "demo");
    jobs.addVersion(id, "INSERT INTO a SELECT 1", "ana", null);
    jobs.markSubmitting(id, flinkJobId, 1);
    jobs.updateState(id, JobState.RUNNING, null);
    return id;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
