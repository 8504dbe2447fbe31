package dev.sluice.server.clusters;

import java.util.List;
import java.util.Optional;

/** The registered clusters as the store keeps them. */
public interface ClusterStore {

  List<Cluster> findAll();

  Optional<Cluster> findById(long id);

  Optional<Cluster> findByName(String name);

  Cluster insert(String name, String kind, String restUrl);

  void updateUrl(long id, String restUrl);
}
