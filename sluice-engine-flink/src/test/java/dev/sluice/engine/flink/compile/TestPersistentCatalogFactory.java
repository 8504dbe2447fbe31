package dev.sluice.engine.flink.compile;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.factories.CatalogFactory;

/**
 * {@code 'type' = 'test-persistent'}: a catalog that stands for one whose tables outlive the
 * compile (Paimon, Hive, JDBC), which the engine's tests cannot start.
 */
public final class TestPersistentCatalogFactory implements CatalogFactory {
  @Override
  public String factoryIdentifier() {
    return "test-persistent";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public Catalog createCatalog(Context context) {
    return new GenericInMemoryCatalog(context.getName(), "default") {};
  }
}
