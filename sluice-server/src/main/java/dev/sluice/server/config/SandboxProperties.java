package dev.sluice.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What scripts may reach while the server validates, plans and computes lineage (and so what their
 * jobs may use): a platform setting, sent to the engine with every request. Shaped as the engine
 * reads it ({@code sluice.sandbox.*} of a request's configuration) so that a project can get its
 * own values later.
 *
 * @param catalogTypes the {@code type}s a {@code CREATE CATALOG} may have; default: {@code
 *     generic_in_memory}, {@code paimon}, {@code jdbc}
 * @param connectors the table connectors a script may use; empty (default): every connector of the
 *     engine
 * @param filesystemRoots absolute paths or URIs ({@code s3://bucket/lake}) under which {@code
 *     filesystem} tables and Paimon warehouses must lie; empty (default): the data directory
 */
@ConfigurationProperties("sluice.sandbox")
public record SandboxProperties(
    List<String> catalogTypes, List<String> connectors, List<String> filesystemRoots) {
  static final String PREFIX = "sluice.sandbox.";

  /**
   * What the platform itself keeps in the data directory (the store, the master key, the local
   * cluster's and broker's directories, logs): never a table's, whatever the roots.
   */
  static final List<String> PLATFORM_FILES =
      List.of("store", "master.key", "admin.token", "flink", "kafka", "log", "server.pid");

  public SandboxProperties {
    catalogTypes =
        catalogTypes == null || catalogTypes.isEmpty()
            ? List.of("generic_in_memory", "paimon", "jdbc")
            : List.copyOf(catalogTypes);
    connectors = connectors == null ? List.of() : List.copyOf(connectors);
    filesystemRoots = filesystemRoots == null ? List.of() : List.copyOf(filesystemRoots);
    for (String root : filesystemRoots) {
      if (!root.contains(":") && !Path.of(root).isAbsolute()) {
        throw new IllegalArgumentException(
            "sluice.sandbox.filesystem-roots: '" + root + "' is not an absolute path or URI");
      }
    }
  }

  /** The settings as the engine reads them from a request's configuration. */
  public Map<String, String> configuration(Path dataDir) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(PREFIX + "catalog-types", String.join(",", catalogTypes));
    if (!connectors.isEmpty()) {
      config.put(PREFIX + "connectors", String.join(",", connectors));
    }
    List<String> roots =
        filesystemRoots.isEmpty()
            ? List.of(dataDir.toAbsolutePath().normalize().toString())
            : filesystemRoots;
    config.put(PREFIX + "filesystem-roots", String.join(",", roots));
    Path data = dataDir.toAbsolutePath().normalize();
    config.put(
        PREFIX + "denied-paths",
        String.join(",", PLATFORM_FILES.stream().map(f -> data.resolve(f).toString()).toList()));
    return Map.copyOf(config);
  }
}
