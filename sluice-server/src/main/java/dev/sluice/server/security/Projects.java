package dev.sluice.server.security;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects and who holds which role in them, on the server's database. */
@Repository
public class Projects {
  private final JdbcClient jdbc;

  public Projects(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record Project(String name, String description, OffsetDateTime createdAt) {}

  public record Member(String username, Role role) {}

  public void insert(String name, String description, OffsetDateTime at) {
    jdbc.sql("INSERT INTO projects (name, description, created_at) VALUES (?, ?, ?)")
        .params(name, description, at)
        .update();
  }

  public Optional<Project> find(String name) {
    return jdbc.sql("SELECT * FROM projects WHERE name = ?")
        .param(name)
        .query(Project.class)
        .optional();
  }

  public List<Project> all() {
    return jdbc.sql("SELECT * FROM projects ORDER BY name").query(Project.class).list();
  }

  public List<Member> members(String project) {
    return jdbc.sql(
            "SELECT username, role FROM project_members WHERE project = ? ORDER BY username")
        .param(project)
        .query((rs, i) -> new Member(rs.getString(1), Role.valueOf(rs.getString(2))))
        .list();
  }

  /** The user's role per project. */
  public Map<String, Role> rolesOf(String username) {
    Map<String, Role> roles = new LinkedHashMap<>();
    jdbc.sql("SELECT project, role FROM project_members WHERE username = ? ORDER BY project")
        .param(username)
        .query(
            (rs, i) -> {
              roles.put(rs.getString(1), Role.valueOf(rs.getString(2)));
              return null;
            })
        .list();
    return roles;
  }

  public void setMember(String project, String username, Role role) {
    int updated =
        jdbc.sql("UPDATE project_members SET role = ? WHERE project = ? AND username = ?")
            .params(role.name(), project, username)
            .update();
    if (updated == 0) {
      jdbc.sql("INSERT INTO project_members (project, username, role) VALUES (?, ?, ?)")
          .params(project, username, role.name())
          .update();
    }
  }

  public boolean removeMember(String project, String username) {
    return jdbc.sql("DELETE FROM project_members WHERE project = ? AND username = ?")
            .params(project, username)
            .update()
        > 0;
  }
}
