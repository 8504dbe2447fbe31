package dev.sluice.server.clusters;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The cluster registry on the server's database. */
@Repository
public class JdbcClusterStore implements ClusterStore {
  private final JdbcClient jdbc;

  public JdbcClusterStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Cluster> findAll() {
    return jdbc.sql("SELECT * FROM clusters ORDER BY id").query(Cluster.class).list();
  }

  @Override
  public Optional<Cluster> findById(long id) {
    return jdbc.sql("SELECT * FROM clusters WHERE id = ?")
        .param(id)
        .query(Cluster.class)
        .optional();
  }

  @Override
  public Optional<Cluster> findByName(String name) {
    return jdbc.sql("SELECT * FROM clusters WHERE name = ?")
        .param(name)
        .query(Cluster.class)
        .optional();
  }

  @Override
  public Cluster insert(String name, String kind, String restUrl) {
    jdbc.sql("INSERT INTO clusters (name, kind, rest_url, created_at) VALUES (?, ?, ?, ?)")
        .params(name, kind, restUrl, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return findByName(name).orElseThrow();
  }

  @Override
  public void updateUrl(long id, String restUrl) {
    jdbc.sql("UPDATE clusters SET rest_url = ? WHERE id = ?").params(restUrl, id).update();
  }
}
