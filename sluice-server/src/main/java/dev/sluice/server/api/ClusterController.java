package dev.sluice.server.api;

import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The cluster registry. */
@RestController
@RequestMapping("/api/v1/clusters")
class ClusterController {
  private final ClusterService clusters;
  private final dev.sluice.server.security.Access access;
  private final dev.sluice.server.security.Audit audit;

  ClusterController(
      ClusterService clusters,
      dev.sluice.server.security.Access access,
      dev.sluice.server.security.Audit audit) {
    this.clusters = clusters;
    this.access = access;
    this.audit = audit;
  }

  record ClusterView(
      long id, String name, String kind, String restUrl, ClusterService.Health health) {}

  /**
   * @param verify whether to refuse a cluster that does not answer now (default true); false
   *     registers a cluster that is not up yet
   */
  record AddCluster(String name, String restUrl, Boolean verify) {}

  @GetMapping
  List<ClusterView> list() {
    access.caller();
    return clusters.list().stream().map(this::view).toList();
  }

  @GetMapping("/{id}")
  ClusterView get(@PathVariable long id) {
    access.caller();
    return view(clusters.get(id));
  }

  @PostMapping
  ResponseEntity<ClusterView> add(@RequestBody AddCluster body) {
    String admin = access.requireAdmin().username();
    Cluster c = clusters.add(body.name(), body.restUrl(), body.verify() == null || body.verify());
    audit.record(admin, "cluster.add", null, "cluster " + c.name(), c.restUrl());
    return ResponseEntity.created(URI.create("/api/v1/clusters/" + c.id())).body(view(c));
  }

  private ClusterView view(Cluster c) {
    return new ClusterView(c.id(), c.name(), c.kind(), c.restUrl(), clusters.health(c.restUrl()));
  }
}
