package dev.sluice.server.api;

import dev.sluice.integration.metadata.Schema;
import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.metadata.TableDetail;
import dev.sluice.integration.readiness.Readiness;
import dev.sluice.integration.sync.SyncPlan;
import dev.sluice.server.datasources.Datasource;
import dev.sluice.server.datasources.DatasourceService;
import dev.sluice.server.datasources.SyncJobs;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.JsonFields;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Data sources: source databases registered in a project, tested, browsed and checked for CDC.
 * Reading the list needs a role in the project, browsing the developer role, changing one the
 * operator role. {id} is the data source's id or its name.
 */
@RestController
@RequestMapping("/api/v1/datasources")
class DatasourceController {
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "project",
          "type",
          "host",
          "port",
          "database",
          "username",
          "password",
          "description");

  private final DatasourceService datasources;

  DatasourceController(DatasourceService datasources) {
    this.datasources = datasources;
  }

  @GetMapping("/types")
  List<DatasourceService.TypeView> types() {
    return datasources.types();
  }

  @GetMapping
  List<Datasource> list(@RequestParam(required = false) String project) {
    return datasources.list(project);
  }

  @PostMapping
  ResponseEntity<Datasource> create(@RequestBody(required = false) JsonNode body) {
    Datasource d = datasources.create(request(body));
    return ResponseEntity.created(URI.create("/api/v1/datasources/" + d.id())).body(d);
  }

  @GetMapping("/{id}")
  Datasource get(@PathVariable String id) {
    return datasources.get(id, Role.VIEWER);
  }

  @PutMapping("/{id}")
  Datasource update(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
    return datasources.update(id, request(body));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    datasources.delete(id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/test")
  DatasourceService.TestResult test(@PathVariable String id) {
    return datasources.test(id);
  }

  @GetMapping("/{id}/schemas")
  List<Schema> schemas(@PathVariable String id) {
    return datasources.schemas(id);
  }

  @GetMapping("/{id}/tables")
  List<Table> tables(@PathVariable String id, @RequestParam(required = false) String schema) {
    return datasources.tables(id, schema);
  }

  @GetMapping("/{id}/tables/{table}")
  TableDetail table(@PathVariable String id, @PathVariable String table) {
    return datasources.table(id, table);
  }

  /** {@code ?tables=public.orders,public.items}; without it, every table of the source. */
  @GetMapping("/{id}/readiness")
  Readiness readiness(@PathVariable String id, @RequestParam(required = false) String tables) {
    List<String> names =
        tables == null
            ? List.of()
            : Arrays.stream(tables.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return datasources.readiness(id, names);
  }

  /**
   * What a sync of these tables to that target would do, from the source's catalog now: the body is
   * a sync definition in JSON or YAML ({@code tables}, {@code exclude}, {@code target}, {@code
   * schemaChanges}).
   */
  @PostMapping(value = "/{id}/sync-plan", consumes = MediaType.ALL_VALUE)
  SyncPlan syncPlan(@PathVariable String id, @RequestBody(required = false) String body) {
    return datasources.syncPlan(id, () -> SyncJobs.definition(body, ""));
  }

  private static DatasourceService.Request request(JsonNode body) {
    if (body == null || body.isNull()) {
      throw new InvalidFieldException("name", "required: the body {name, type, host, ...}");
    }
    if (!body.isObject()) {
      throw new InvalidRequestException(
          "The body is a JSON object {name, type, host, port, database, username, password}");
    }
    JsonFields.onlyFields(body, FIELDS, "");
    Integer port = null;
    if (body.has("port") && !body.get("port").isNull()) {
      port = JsonFields.integer(body, "port", 0, 1, 65535);
    }
    // A password is taken as written: spaces may be part of it.
    JsonNode p = body.get("password");
    if (p != null && !p.isNull() && !p.isString()) {
      throw new InvalidFieldException("password", "a string");
    }
    return new DatasourceService.Request(
        JsonFields.text(body, "name"),
        JsonFields.text(body, "project"),
        JsonFields.text(body, "type"),
        JsonFields.text(body, "host"),
        port,
        JsonFields.text(body, "database"),
        JsonFields.text(body, "username"),
        p == null || p.isNull() ? null : p.stringValue(),
        body.has("password"),
        JsonFields.text(body, "description"));
  }
}
