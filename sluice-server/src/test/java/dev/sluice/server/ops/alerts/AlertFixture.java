package dev.sluice.server.ops.alerts;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.fakes.InMemoryMetricHistory;
import dev.sluice.server.fakes.MutableClock;
import dev.sluice.server.fakes.RecordingNotifier;
import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting pipeline over a real, migrated store (H2 or PostgreSQL), a metric history in memory,
 * a notifier that records and a clock that moves when told. {@link #restart()} builds a new
 * evaluator on the same store, as a restarted server has.
 */
final class AlertFixture {
  static final JsonMapper JSON = JsonMapper.builder().build();
  final MutableClock clock = new MutableClock();
  final InMemoryMetricHistory history = new InMemoryMetricHistory();
  final RecordingNotifier notifier = new RecordingNotifier();
  final JdbcClient jdbc;
  final AlertRuleStore rules;
  final AlertStore alerts;
  final SilenceStore silences;
  final JobTiers tiers;
  final AlertProperties properties = AlertProperties.defaults();
  private final DataSource dataSource;
  AlertEvaluator evaluator;

  AlertFixture(String kind) {
    dataSource = TestDatabases.migrated(kind);
    jdbc = JdbcClient.create(dataSource);
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    rules = new AlertRuleStore(jdbc, transactions);
    alerts = new AlertStore(jdbc, transactions);
    silences = new SilenceStore(jdbc);
    tiers = new JobTiers(jdbc);
    jdbc.sql(
            "INSERT INTO clusters (id, name, kind, rest_url, created_at) VALUES (1, 'local',"
                + " 'LOCAL', 'http://localhost:8081', ?)")
        .param(Timestamps.of(clock.instant()))
        .update();
    jdbc.sql("INSERT INTO projects (name, description, created_at) VALUES ('shop', null, ?)")
        .param(Timestamps.of(clock.instant()))
        .update();
    restart();
  }

  /** A new evaluator (and dispatcher) over the same store: what a server restart leaves. */
  void restart() {
    restart(Optional.of(notifier));
  }

  void restart(Optional<dev.sluice.server.ops.alerts.Notifier> n) {
    evaluator =
        new AlertEvaluator(
            rules,
            alerts,
            silences,
            tiers,
            history,
            new NotificationDispatcher(alerts, n),
            properties,
            clock);
  }

  /** A production job that runs on the cluster, of the project and tier; returns its id. */
  long job(String name, String project, Tier tier) {
    Instant now = clock.instant();
    jdbc.sql(
            "INSERT INTO jobs (name, type, cluster_id, current_version, desired_state, state,"
                + " flink_job_id, created_at, updated_at, project, tier) VALUES (?, 'SQL', 1, 1,"
                + " 'RUNNING', 'RUNNING', ?, ?, ?, ?, ?)")
        .params(
            name,
            "f" + name.hashCode(),
            Timestamps.of(now),
            Timestamps.of(now),
            project,
            tier.name())
        .update();
    return jdbc.sql("SELECT id FROM jobs WHERE name = ?").param(name).query(Long.class).single();
  }

  void jobState(long job, String state, String desired) {
    jdbc.sql("UPDATE jobs SET state = ?, desired_state = ? WHERE id = ?")
        .params(state, desired, job)
        .update();
  }

  /** A rule as the REST API would be given it, in the project. */
  AlertRule rule(String project, String json) {
    AlertRule.Definition d = RuleParser.parse(JSON.readTree(json)).withProject(project);
    return rules.insert(d, "ana", clock.instant());
  }

  void sample(long job, String metric, String vertex, double value) {
    history.record(List.of(new MetricSample(job, metric, vertex, clock.instant(), value)));
  }

  AlertEvaluator.Outcome evaluate() {
    return evaluator.evaluate();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  List<AlertNotification> sent() {
    return notifier.notifications();
  }
}
