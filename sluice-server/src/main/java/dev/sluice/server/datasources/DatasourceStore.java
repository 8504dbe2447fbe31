package dev.sluice.server.datasources;

import dev.sluice.integration.source.SourceSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Data sources in the store. */
@Repository
public class DatasourceStore {
  private final JdbcClient jdbc;

  public DatasourceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Datasource insert(
      String name,
      String project,
      SourceSpec spec,
      String passwordSecret,
      String description,
      String author) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO datasources (name, project, type, host, port, database_name, username,"
                + " password_secret, description, created_by, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            name,
            project,
            spec.type().id(),
            spec.host(),
            spec.port(),
            spec.database(),
            spec.username(),
            passwordSecret,
            description,
            author,
            now,
            now)
        .update(key, "id");
    return byId(key.getKey().longValue()).orElseThrow();
  }

  public Datasource update(
      long id, String name, SourceSpec spec, String passwordSecret, String description) {
    jdbc.sql(
            "UPDATE datasources SET name = ?, type = ?, host = ?, port = ?, database_name = ?,"
                + " username = ?, password_secret = ?, description = ?, updated_at = ?"
                + " WHERE id = ?")
        .params(
            name,
            spec.type().id(),
            spec.host(),
            spec.port(),
            spec.database(),
            spec.username(),
            passwordSecret,
            description,
            OffsetDateTime.now(ZoneOffset.UTC),
            id)
        .update();
    return byId(id).orElseThrow();
  }

  public Optional<Datasource> byId(long id) {
    return jdbc.sql("SELECT * FROM datasources WHERE id = ?")
        .param(id)
        .query(DatasourceStore::row)
        .optional();
  }

  public Optional<Datasource> byName(String name) {
    return jdbc.sql("SELECT * FROM datasources WHERE name = ?")
        .param(name)
        .query(DatasourceStore::row)
        .optional();
  }

  public List<Datasource> all() {
    return jdbc.sql("SELECT * FROM datasources ORDER BY name").query(DatasourceStore::row).list();
  }

  public void delete(long id) {
    jdbc.sql("DELETE FROM datasources WHERE id = ?").param(id).update();
  }

  private static Datasource row(ResultSet rs, int n) throws SQLException {
    String type = rs.getString("type");
    return new Datasource(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("project"),
        type,
        dev.sluice.integration.source.SourceType.of(type)
            .map(dev.sluice.integration.source.SourceType::label)
            .orElse(type),
        rs.getString("host"),
        rs.getInt("port"),
        rs.getString("database_name"),
        rs.getString("username"),
        rs.getString("password_secret"),
        rs.getString("description"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
