package dev.sluice.engine.flink.compile;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a script may reach: which catalog types and connectors it may use and under which roots its
 * files must lie. It is a platform setting today, sent by the server with every request in its
 * configuration ({@code sluice.sandbox.*}); a script's own {@code SET} cannot change it. Shaped so
 * that a project may get its own later: the server only has to send other values.
 *
 * @param catalogTypes the {@code type}s a {@code CREATE CATALOG} may have
 * @param connectors the connectors a table may use; empty: every connector of the engine
 * @param filesystemRoots where {@code filesystem} tables and Paimon warehouses may lie; empty: no
 *     restriction (the server always sends its data directory at least)
 * @param deniedPaths the platform's own files (its store, keys, cluster and broker directories):
 *     never a table's, even under a root, and no table may hold them (a directory source reads what
 *     lies below it)
 */
public record SandboxPolicy(
    Set<String> catalogTypes,
    Set<String> connectors,
    List<Location> filesystemRoots,
    List<Location> deniedPaths) {
  public static final String PREFIX = "sluice.sandbox.";
  public static final String CATALOG_TYPES = PREFIX + "catalog-types";
  public static final String CONNECTORS = PREFIX + "connectors";
  public static final String FILESYSTEM_ROOTS = PREFIX + "filesystem-roots";
  public static final String DENIED_PATHS = PREFIX + "denied-paths";

  /** The catalogs the product itself uses: the compile's memory, Paimon lakes, JDBC databases. */
  public static final Set<String> DEFAULT_CATALOG_TYPES =
      Set.of("generic_in_memory", "paimon", "jdbc");

  public SandboxPolicy {
    catalogTypes = Set.copyOf(requireNonNull(catalogTypes, "catalogTypes is null"));
    connectors = Set.copyOf(requireNonNull(connectors, "connectors is null"));
    filesystemRoots = List.copyOf(requireNonNull(filesystemRoots, "filesystemRoots is null"));
    deniedPaths = List.copyOf(requireNonNull(deniedPaths, "deniedPaths is null"));
  }

  /** The policy in a request's configuration; settings not there take their defaults. */
  public static SandboxPolicy from(Map<String, String> configuration) {
    Set<String> catalogs = list(configuration.get(CATALOG_TYPES));
    return new SandboxPolicy(
        catalogs.isEmpty() ? DEFAULT_CATALOG_TYPES : catalogs,
        list(configuration.get(CONNECTORS)),
        locations(configuration, FILESYSTEM_ROOTS),
        locations(configuration, DENIED_PATHS));
  }

  private static List<Location> locations(Map<String, String> configuration, String key) {
    List<Location> locations = new ArrayList<>();
    for (String value : list(configuration.get(key))) {
      locations.add(
          Location.parse(value)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          key + ": '" + value + "' is not an absolute path or URI")));
    }
    return locations;
  }

  boolean allowsCatalogType(String type) {
    return catalogTypes.contains(type);
  }

  /** Whether the connector may be used; unknown connectors are reported apart, as unknown. */
  public boolean allowsConnector(String connector) {
    return connectors.isEmpty() || connectors.contains(connector);
  }

  /**
   * Why a table or warehouse path is refused, if it is: not absolute, or not under any root.
   * Compared after normalizing both sides the way the file system would read them, so that {@code
   * ..}, symbolic links and {@code file:} against plain paths lead to no other place.
   */
  public Optional<String> refusePath(String path) {
    if (filesystemRoots.isEmpty() && deniedPaths.isEmpty()) {
      return Optional.empty();
    }
    Optional<Location> location = Location.parse(path);
    if (location.isEmpty()) {
      return Optional.of("'" + path + "' is not an absolute path");
    }
    for (Location denied : deniedPaths) {
      if (location.get().isUnder(denied) || denied.isUnder(location.get())) {
        return Optional.of("'" + path + "' reaches the platform's own files (" + denied + ")");
      }
    }
    if (filesystemRoots.isEmpty()) {
      return Optional.empty();
    }
    for (Location root : filesystemRoots) {
      if (location.get().isUnder(root)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "'"
            + path
            + "' is outside the allowed filesystem roots ("
            + filesystemRoots.stream().map(Location::toString).collect(Collectors.joining(", "))
            + ")");
  }

  String describeCatalogTypes() {
    return String.join(", ", new TreeSet<>(catalogTypes));
  }

  private static Set<String> list(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * A place in a file system, as Flink's file systems read a path option: a plain absolute path
   * means the local file system ({@code file:}); a local path is normalized and its symbolic links
   * resolved as far as it exists; other schemes compare scheme, authority and normalized path.
   *
   * @param scheme the lower-case scheme, {@code file} for local paths
   * @param authority the authority of a remote file system (bucket, name node), empty for local
   * @param path the normalized absolute path, without a trailing slash (but {@code /})
   */
  public record Location(String scheme, String authority, String path) {
    public Location {
      requireNonNull(scheme, "scheme is null");
      requireNonNull(authority, "authority is null");
      requireNonNull(path, "path is null");
    }

    static Optional<Location> parse(String raw) {
      String value = raw.strip();
      if (value.isEmpty()) {
        return Optional.empty();
      }
      // Flink's own reading of the option, so that what is checked is what the job opens.
      URI uri;
      try {
        uri = new org.apache.flink.core.fs.Path(value).toUri();
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getPath();
      if (path == null || !path.startsWith("/")) {
        return Optional.empty();
      }
      if (scheme.equals("file")) {
        // The local file system ignores an authority (file://etc/passwd is /passwd).
        return Optional.of(new Location(scheme, "", local(path)));
      }
      Optional<String> normalized = normalize(path);
      String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
      return normalized.map(n -> new Location(scheme, authority, n));
    }

    boolean isUnder(Location root) {
      if (!scheme.equals(root.scheme) || !authority.equals(root.authority)) {
        return false;
      }
      return root.path.equals("/") || path.equals(root.path) || path.startsWith(root.path + "/");
    }

    @Override
    public String toString() {
      return scheme + "://" + authority + path;
    }

    /** Normalized, with the symbolic links of its longest existing prefix resolved. */
    private static String local(String path) {
      Path p = Path.of(path).toAbsolutePath().normalize();
      Path existing = p;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing != null) {
        try {
          p = existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
          // Not readable: compared as written (normalized).
        }
      }
      return trim(p.toString());
    }

    /** {@code .} and {@code ..} segments resolved; empty if {@code ..} climbs above the root. */
    private static Optional<String> normalize(String path) {
      java.util.Deque<String> segments = new java.util.ArrayDeque<>();
      for (String segment : path.split("/")) {
        if (segment.isEmpty() || segment.equals(".")) {
          continue;
        }
        if (segment.equals("..")) {
          if (segments.isEmpty()) {
            return Optional.empty();
          }
          segments.removeLast();
        } else {
          segments.addLast(segment);
        }
      }
      return Optional.of("/" + String.join("/", segments));
    }

    private static String trim(String path) {
      String p = path.replaceAll("/+", "/");
      return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
  }
}
