package dev.sluice.server.secrets;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The keys on the server's database. */
@Repository
public class JdbcSecretRepository implements SecretRepository {
  private final JdbcClient jdbc;

  public JdbcSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void insert(
      String name, String algorithm, String wrapped, String author, OffsetDateTime at) {
    jdbc.sql(
            "INSERT INTO secrets (name, algorithm, wrapped, author, created_at) VALUES (?, ?, ?, ?, ?)")
        .params(name, algorithm, wrapped, author, at)
        .update();
  }

  @Override
  public void insertValue(String name, String wrapped, String author, OffsetDateTime at) {
    jdbc.sql(
            "INSERT INTO secrets (name, kind, wrapped, author, created_at, updated_at)"
                + " VALUES (?, 'VALUE', ?, ?, ?, ?)")
        .params(name, wrapped, author, at, at)
        .update();
  }

  @Override
  public boolean updateValue(String name, String wrapped, OffsetDateTime at) {
    return jdbc.sql(
                "UPDATE secrets SET wrapped = ?, updated_at = ? WHERE name = ? AND kind = 'VALUE'")
            .params(wrapped, at, name)
            .update()
        > 0;
  }

  @Override
  public Optional<String> findValue(String name) {
    return jdbc.sql("SELECT wrapped FROM secrets WHERE name = ? AND kind = 'VALUE'")
        .param(name)
        .query(String.class)
        .optional();
  }

  @Override
  public List<SecretStore.KeyInfo> list() {
    return jdbc.sql(
            "SELECT name, kind, algorithm, author, created_at, updated_at, project FROM secrets"
                + " ORDER BY name")
        .query(SecretStore.KeyInfo.class)
        .list();
  }

  @Override
  public Optional<SecretKind> kind(String name) {
    return jdbc.sql("SELECT kind FROM secrets WHERE name = ?")
        .param(name)
        .query(String.class)
        .optional()
        .map(SecretKind::valueOf);
  }

  @Override
  public boolean exists(String name) {
    return jdbc.sql("SELECT COUNT(*) FROM secrets WHERE name = ? AND kind = 'KEY'")
            .param(name)
            .query(Long.class)
            .single()
        > 0;
  }

  @Override
  public boolean delete(String name) {
    return jdbc.sql("DELETE FROM secrets WHERE name = ?").param(name).update() > 0;
  }

  @Override
  public Optional<WrappedKey> find(String name) {
    return jdbc.sql("SELECT algorithm, wrapped FROM secrets WHERE name = ? AND kind = 'KEY'")
        .param(name)
        .query((rs, i) -> new WrappedKey(rs.getString(1), rs.getString(2)))
        .optional();
  }

  @Override
  public void setProject(String name, String project) {
    jdbc.sql("UPDATE secrets SET project = ? WHERE name = ?").params(project, name).update();
  }

  @Override
  public Optional<String> project(String name) {
    return jdbc.sql("SELECT project FROM secrets WHERE name = ?")
        .param(name)
        .query(String.class)
        .optional();
  }

  @Override
  public java.util.Map<String, String> allWrapped() {
    java.util.Map<String, String> all = new java.util.TreeMap<>();
    jdbc.sql("SELECT name, wrapped FROM secrets")
        .query(
            (rs, i) -> {
              all.put(rs.getString(1), rs.getString(2));
              return null;
            })
        .list();
    return all;
  }

  @Override
  public void rewrap(String name, String wrapped) {
    jdbc.sql("UPDATE secrets SET wrapped = ? WHERE name = ?").params(wrapped, name).update();
  }
}
