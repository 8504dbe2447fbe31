package dev.sluice.engine.flink.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.table.factories.DecodingFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.EncodingFormatFactory;
import org.apache.flink.table.factories.Factory;

/**
 * The connector and format bundles of the engine ({@code connectors/NAME/*.jar}) and which factory
 * identifiers each provides. A job gets the jars of the bundles its tables use, so that a stock
 * Flink cluster with nothing installed can run it; what the cluster already has ({@code lib/}) is
 * not sent.
 */
public final class ConnectorBundles {
  private final Path connectorsDir;
  private final Path functionsDir;
  private final Map<String, Set<String>> bundlesByIdentifier = new HashMap<>();
  private final Map<String, DynamicTableFactory> tableFactories = new HashMap<>();
  private final Map<String, List<Factory>> formatFactories = new TreeMap<>();

  public ConnectorBundles(Path engineHome, ClassLoader classLoader) {
    this.connectorsDir = engineHome.resolve("connectors").toAbsolutePath().normalize();
    this.functionsDir = engineHome.resolve("functions").toAbsolutePath().normalize();
    for (Factory factory : ServiceLoader.load(Factory.class, classLoader)) {
      String identifier = factory.factoryIdentifier();
      bundleOf(factory.getClass())
          .ifPresent(
              b -> bundlesByIdentifier.computeIfAbsent(identifier, k -> new TreeSet<>()).add(b));
      if (factory instanceof DynamicTableFactory table) {
        tableFactories.putIfAbsent(identifier, table);
      }
      if (factory instanceof DecodingFormatFactory<?>
          || factory instanceof EncodingFormatFactory<?>) {
        List<Factory> same = formatFactories.computeIfAbsent(identifier, k -> new ArrayList<>());
        if (same.stream().noneMatch(f -> f.getClass() == factory.getClass())) {
          same.add(factory);
        }
      }
    }
  }

  Optional<DynamicTableFactory> tableFactory(String identifier) {
    return Optional.ofNullable(tableFactories.get(identifier));
  }

  /** The table connector factories by identifier, sorted. */
  public Map<String, DynamicTableFactory> tableFactories() {
    return new TreeMap<>(tableFactories);
  }

  /**
   * The format factories by identifier, sorted; a format that reads and writes with two factories
   * has both.
   */
  public Map<String, List<Factory>> formatFactories() {
    Map<String, List<Factory>> copy = new TreeMap<>();
    formatFactories.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  public List<String> connectorIdentifiers() {
    return new TreeSet<>(tableFactories.keySet()).stream().toList();
  }

  /** The bundles that provide the given factory identifiers (connectors, formats, catalogs). */
  public Set<String> bundlesFor(Set<String> identifiers) {
    Set<String> result = new TreeSet<>();
    for (String id : identifiers) {
      result.addAll(bundlesByIdentifier.getOrDefault(id, Set.of()));
    }
    return result;
  }

  /** The jars of the given bundles. */
  public List<Path> jars(Set<String> bundles) {
    List<Path> jars = new ArrayList<>();
    for (String bundle : bundles) {
      try (Stream<Path> files = Files.list(connectorsDir.resolve(bundle))) {
        files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jars;
  }

  /** The jars of the built-in functions (and what they need), shipped with every job. */
  public List<Path> functionJars() {
    if (!Files.isDirectory(functionsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(functionsDir)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<String> bundleOf(Class<?> type) {
    try {
      var source = type.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path jar = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
      if (jar.startsWith(connectorsDir) && jar.getNameCount() > connectorsDir.getNameCount() + 1) {
        return Optional.of(jar.getName(connectorsDir.getNameCount()).toString());
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
