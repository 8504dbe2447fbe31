package dev.sluice.server.ops.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The metric history in the server's database (table {@code job_metrics}). Compaction keeps every
 * sample younger than {@code rawFor}, the last one of each minute up to {@code minuteBucketsFor},
 * the last one of each five minutes after it, and nothing older than the retention.
 */
@Repository
public class JdbcMetricHistory implements MetricHistory {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final int BATCH = 500;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final MetricsProperties properties;

  public JdbcMetricHistory(DataSource dataSource, MetricsProperties properties) {
    this.jdbc = JdbcClient.create(dataSource);
    this.template = new JdbcTemplate(dataSource);
    this.properties = properties;
  }

  @Override
  public void record(Collection<MetricSample> samples) {
    List<Object[]> rows = new ArrayList<>(samples.size());
    for (MetricSample s : samples) {
      if (Double.isFinite(s.value())) {
        rows.add(
            new Object[] {
              s.jobId(), s.name(), vertexColumn(s.vertex()), s.at().toEpochMilli(), s.value()
            });
      }
    }
    for (int i = 0; i < rows.size(); i += BATCH) {
      template.batchUpdate(
          "INSERT INTO job_metrics (job_id, name, vertex, at_ms, metric_value)"
              + " VALUES (?, ?, ?, ?, ?)",
          rows.subList(i, Math.min(rows.size(), i + BATCH)));
    }
  }

  @Override
  public List<MetricSample> range(
      long jobId, Set<String> names, Instant from, Instant to, Duration step) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<MetricSample> rows =
        jdbc.sql(
                "SELECT job_id, name, vertex, at_ms, metric_value FROM job_metrics"
                    + " WHERE job_id = :job AND name IN (:names) AND at_ms >= :from AND at_ms <= :to")
            .param("job", jobId)
            .param("names", List.copyOf(names))
            .param("from", from.toEpochMilli())
            .param("to", to.toEpochMilli())
            .query(JdbcMetricHistory::sample)
            .list();
    return Downsampling.lastPerBucket(rows, step);
  }

  @Override
  public List<MetricSample> latest(long jobId, Instant since) {
    List<MetricSample> rows =
        jdbc.sql(
                "SELECT m.job_id, m.name, m.vertex, m.at_ms, m.metric_value FROM job_metrics m"
                    + " JOIN (SELECT name, vertex, MAX(at_ms) AS newest FROM job_metrics"
                    + " WHERE job_id = :job AND at_ms >= :since GROUP BY name, vertex) n"
                    + " ON m.name = n.name AND m.vertex = n.vertex AND m.at_ms = n.newest"
                    + " WHERE m.job_id = :job")
            .param("job", jobId)
            .param("since", since.toEpochMilli())
            .query(JdbcMetricHistory::sample)
            .list();
    // Two rows of one series at the same instant (two servers collecting) count once.
    return Downsampling.newestPerSeries(rows);
  }

  @Override
  public void compact(Instant now) {
    long retained = now.minus(properties.retention()).toEpochMilli();
    long raw = now.minus(properties.rawFor()).toEpochMilli();
    long minutes = now.minus(properties.minuteBucketsFor()).toEpochMilli();
    jdbc.sql("DELETE FROM job_metrics WHERE at_ms < ?").param(retained).update();
    thin(minutes, raw, MINUTE);
    thin(retained, minutes, FIVE_MINUTES);
  }

  /** Deletes, in {@code [from, to)}, every sample that a later one of its bucket follows. */
  private void thin(long from, long to, Duration step) {
    jdbc.sql(
            "DELETE FROM job_metrics WHERE at_ms >= :from AND at_ms < :to AND EXISTS ("
                + " SELECT 1 FROM job_metrics later WHERE later.job_id = job_metrics.job_id"
                + " AND later.name = job_metrics.name AND later.vertex = job_metrics.vertex"
                + " AND later.at_ms > job_metrics.at_ms"
                + " AND later.at_ms < (job_metrics.at_ms / :step + 1) * :step)")
        .param("from", from)
        .param("to", to)
        .param("step", step.toMillis())
        .update();
  }

  private static String vertexColumn(String vertex) {
    return vertex == null ? "" : vertex;
  }

  private static MetricSample sample(ResultSet rs, int row) throws SQLException {
    String vertex = rs.getString("vertex");
    return new MetricSample(
        rs.getLong("job_id"),
        rs.getString("name"),
        vertex.isEmpty() ? null : vertex,
        Instant.ofEpochMilli(rs.getLong("at_ms")),
        rs.getDouble("metric_value"));
  }
}
