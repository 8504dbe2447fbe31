package dev.sluice.server.ops.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Monitor results in the server's database; a window job-level series has the label ''. */
@Repository
public class JdbcQualityResultStore implements QualityResultStore {
  private final JdbcClient jdbc;

  public JdbcQualityResultStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  @Transactional
  public boolean insert(
      String monitor, Instant windowStart, Instant windowEnd, List<Row> rows, Instant at) {
    Integer present =
        jdbc.sql("SELECT COUNT(*) FROM quality_results WHERE monitor = ? AND window_end_ms = ?")
            .params(monitor, windowEnd.toEpochMilli())
            .query(Integer.class)
            .single();
    if (present > 0) {
      return false;
    }
    for (Row r : rows) {
      jdbc.sql(
              "INSERT INTO quality_results (monitor, window_start_ms, window_end_ms, name, label,"
                  + " result_value, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .params(
              monitor,
              windowStart.toEpochMilli(),
              windowEnd.toEpochMilli(),
              r.metric(),
              Objects.toString(r.label(), ""),
              r.value(),
              at.toEpochMilli())
          .update();
    }
    return true;
  }

  @Override
  public OptionalDouble value(String monitor, Instant windowEnd, String metric, String label) {
    List<Double> values =
        jdbc.sql(
                "SELECT result_value FROM quality_results WHERE monitor = ? AND window_end_ms = ?"
                    + " AND name = ? AND label = ? AND result_value IS NOT NULL")
            .params(monitor, windowEnd.toEpochMilli(), metric, Objects.toString(label, ""))
            .query(Double.class)
            .list();
    return values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(values.get(0));
  }

  @Override
  public List<Row> newest(String monitor, int windows) {
    List<Long> ends =
        jdbc.sql(
                "SELECT DISTINCT window_end_ms FROM quality_results WHERE monitor = ?"
                    + " ORDER BY window_end_ms DESC LIMIT "
                    + windows)
            .param(monitor)
            .query(Long.class)
            .list();
    if (ends.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT window_start_ms, window_end_ms, name, label, result_value FROM quality_results"
                + " WHERE monitor = :monitor AND window_end_ms >= :oldest"
                + " ORDER BY window_end_ms DESC, name, label")
        .param("monitor", monitor)
        .param("oldest", ends.get(ends.size() - 1))
        .query(JdbcQualityResultStore::row)
        .list();
  }

  @Override
  public java.util.Optional<Latest> latest(String monitor) {
    List<Long> received =
        jdbc.sql(
                "SELECT received_ms FROM quality_results WHERE monitor = ?"
                    + " ORDER BY window_end_ms DESC LIMIT 1")
            .param(monitor)
            .query(Long.class)
            .list();
    if (received.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Latest(Instant.ofEpochMilli(received.get(0)), newest(monitor, 1)));
  }

  @Override
  public void deleteBefore(Instant before) {
    jdbc.sql("DELETE FROM quality_results WHERE received_ms < ?")
        .param(before.toEpochMilli())
        .update();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    double v = rs.getDouble("result_value");
    Double value = rs.wasNull() ? null : v;
    String label = rs.getString("label");
    return new Row(
        Instant.ofEpochMilli(rs.getLong("window_start_ms")),
        Instant.ofEpochMilli(rs.getLong("window_end_ms")),
        rs.getString("name"),
        label.isEmpty() ? null : label,
        value);
  }
}
