package dev.sluice.server.metrics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Metric groups and their versions. */
@Repository
class MetricGroupRepository {
  private final JdbcClient jdbc;

  MetricGroupRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One stored version. */
  record Version(
      String name,
      int version,
      String definition,
      String script,
      String author,
      String comment,
      OffsetDateTime createdAt,
      String project) {}

  private static final String SELECT =
      "SELECT g.name, v.version, v.definition, v.script, v.author, v.comment, v.created_at,"
          + " g.project"
          + " FROM metric_group_versions v JOIN metric_groups g ON g.id = v.group_id";

  Optional<Version> latest(String name) {
    return jdbc.sql(SELECT + " WHERE g.name = ? ORDER BY v.version DESC LIMIT 1")
        .param(name)
        .query(Version.class)
        .optional();
  }

  Optional<Version> version(String name, int version) {
    return jdbc.sql(SELECT + " WHERE g.name = ? AND v.version = ?")
        .params(name, version)
        .query(Version.class)
        .optional();
  }

  List<Version> versions(String name) {
    return jdbc.sql(SELECT + " WHERE g.name = ? ORDER BY v.version")
        .param(name)
        .query(Version.class)
        .list();
  }

  List<Version> latestOfAll() {
    return jdbc.sql(
            SELECT
                + " WHERE v.version = (SELECT MAX(version) FROM metric_group_versions w WHERE w.group_id = v.group_id)"
                + " ORDER BY g.name")
        .query(Version.class)
        .list();
  }

  /** The project of a group, if the group exists. */
  Optional<String> project(String name) {
    return jdbc.sql("SELECT project FROM metric_groups WHERE name = ?")
        .param(name)
        .query(String.class)
        .optional();
  }

  Version add(
      String project,
      String name,
      String definition,
      String script,
      String author,
      String comment) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Long id =
        jdbc.sql("SELECT id FROM metric_groups WHERE name = ?")
            .param(name)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (id == null) {
      jdbc.sql("INSERT INTO metric_groups (name, created_at, project) VALUES (?, ?, ?)")
          .params(name, now, project)
          .update();
      id =
          jdbc.sql("SELECT id FROM metric_groups WHERE name = ?")
              .param(name)
              .query(Long.class)
              .single();
    }
    int version =
        jdbc.sql(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM metric_group_versions WHERE group_id = ?")
            .param(id)
            .query(Integer.class)
            .single();
    jdbc.sql(
            "INSERT INTO metric_group_versions (group_id, version, definition, script, author, comment, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(id, version, definition, script, author, comment, now)
        .update();
    return new Version(name, version, definition, script, author, comment, now, project);
  }
}
