package dev.sluice.server.ops.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Monitors on the server's database. */
@Repository
public class QualityMonitorRepository {
  private static final String COLUMNS = "name, project, definition, author, created_at, updated_at";
  private final JdbcClient jdbc;
  private final JsonMapper json;

  public QualityMonitorRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A stored monitor and who saved it when. */
  public record Stored(
      QualityMonitor monitor, String author, OffsetDateTime createdAt, OffsetDateTime updatedAt) {}

  public boolean exists(String name) {
    return jdbc.sql("SELECT COUNT(*) FROM quality_monitors WHERE name = ?")
            .param(name)
            .query(Integer.class)
            .single()
        > 0;
  }

  public void insert(QualityMonitor m, String author, OffsetDateTime at) {
    jdbc.sql("INSERT INTO quality_monitors (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")
        .params(m.name(), m.project(), text(m), author, at, at)
        .update();
  }

  public boolean update(QualityMonitor m, String author, OffsetDateTime at) {
    return jdbc.sql(
                "UPDATE quality_monitors SET definition = ?, author = ?, updated_at = ?"
                    + " WHERE name = ?")
            .params(text(m), author, at, m.name())
            .update()
        > 0;
  }

  public boolean delete(String name) {
    return jdbc.sql("DELETE FROM quality_monitors WHERE name = ?").param(name).update() > 0;
  }

  public Optional<Stored> find(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM quality_monitors WHERE name = ?")
        .param(name)
        .query(this::stored)
        .optional();
  }

  public List<Stored> list() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM quality_monitors ORDER BY name")
        .query(this::stored)
        .list();
  }

  private String text(QualityMonitor m) {
    return json.writeValueAsString(MonitorJson.write(m, json));
  }

  private Stored stored(ResultSet rs, int row) throws SQLException {
    return new Stored(
        MonitorParser.stored(json.readTree(rs.getString("definition"))),
        rs.getString("author"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
