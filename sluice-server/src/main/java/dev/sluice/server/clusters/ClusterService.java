package dev.sluice.server.clusters;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.ClusterOverview;
import dev.sluice.engine.api.Engine;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The cluster registry: the local cluster, registered at start-up, and remote session clusters. */
@Service
public class ClusterService {
  private final ClusterStore clusters;
  private final Engine engine;

  public ClusterService(ClusterStore clusters, Engine engine) {
    this.clusters = clusters;
    this.engine = engine;
  }

  public List<Cluster> list() {
    return clusters.findAll();
  }

  public Cluster get(long id) {
    return clusters.findById(id).orElseThrow(() -> new NotFoundException("Cluster " + id));
  }

  public Cluster byName(String name) {
    return clusters
        .findByName(name)
        .orElseThrow(() -> new NotFoundException("Cluster '" + name + "'"));
  }

  /** Registers a remote session cluster, by default only after checking that it answers. */
  public Cluster add(String name, String restUrl, boolean verify) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,128}")) {
      throw new InvalidRequestException(
          "Cluster name must be 1-128 letters, digits, '_', '.' or '-'");
    }
    URI uri;
    try {
      uri = URI.create(restUrl == null ? "" : restUrl);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("restUrl is not a URL: " + restUrl);
    }
    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
      throw new InvalidRequestException(
          "restUrl must be an http(s) URL such as http://flink-jobmanager:8081");
    }
    if (clusters.findByName(name).isPresent()) {
      throw new ConflictException("A cluster named '" + name + "' already exists");
    }
    Health health = verify ? health(restUrl) : null;
    if (health != null && !health.reachable()) {
      throw new ClusterException(
          "No Flink cluster answers at " + restUrl + ": " + health.error(), true, null);
    }
    return clusters.insert(name, "REMOTE", restUrl);
  }

  /** Registers or updates the local cluster's entry. */
  public Cluster registerLocal(String restUrl) {
    Optional<Cluster> existing = clusters.findByName(Cluster.LOCAL);
    if (existing.isPresent()) {
      clusters.updateUrl(existing.get().id(), restUrl);
      return clusters.findByName(Cluster.LOCAL).orElseThrow();
    }
    return clusters.insert(Cluster.LOCAL, "LOCAL", restUrl);
  }

  public Health health(String restUrl) {
    try {
      ClusterOverview o = engine.cluster(restUrl).overview();
      return new Health(
          true,
          o.flinkVersion(),
          o.taskManagers(),
          o.slotsTotal(),
          o.slotsAvailable(),
          o.jobsRunning(),
          null);
    } catch (ClusterException e) {
      return new Health(false, null, 0, 0, 0, 0, e.getMessage());
    }
  }

  /** A cluster's answer to the health check. */
  public record Health(
      boolean reachable,
      String flinkVersion,
      int taskManagers,
      int slotsTotal,
      int slotsAvailable,
      int jobsRunning,
      String error) {}
}
