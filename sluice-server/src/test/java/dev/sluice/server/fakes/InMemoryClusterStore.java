package dev.sluice.server.fakes;

import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cluster registry in memory. */
public final class InMemoryClusterStore implements ClusterStore {
  private final List<Cluster> clusters = new ArrayList<>();

  @Override
  public synchronized List<Cluster> findAll() {
    return List.copyOf(clusters);
  }

  @Override
  public synchronized Optional<Cluster> findById(long id) {
    return clusters.stream().filter(c -> c.id() == id).findFirst();
  }

  @Override
  public synchronized Optional<Cluster> findByName(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  @Override
  public synchronized Cluster insert(String name, String kind, String restUrl) {
    Cluster c =
        new Cluster(clusters.size() + 1, name, kind, restUrl, OffsetDateTime.now(ZoneOffset.UTC));
    clusters.add(c);
    return c;
  }

  @Override
  public synchronized void updateUrl(long id, String restUrl) {
    Cluster c = findById(id).orElseThrow();
    clusters.set(
        clusters.indexOf(c), new Cluster(c.id(), c.name(), c.kind(), restUrl, c.createdAt()));
  }
}
