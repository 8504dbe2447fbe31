package dev.sluice.metrics;

import java.util.List;

/**
 * A primary-key table per window (and metric) under the warehouse, {@code
 * <warehouse>/default.db/<prefix>_<window>[_<metric>]}, where a Paimon catalog on the warehouse
 * finds it in database {@code default}; created on first use.
 */
final class PaimonDialect implements SinkDialect {
  @Override
  public boolean keyed(boolean updating) {
    return true;
  }

  @Override
  public List<String> options(Target t, boolean updating) {
    MetricGroup.Sink sink = t.sink();
    String table =
        (sink.table() == null ? t.group() : sink.table()) + "_" + t.dotted().replace('.', '_');
    return List.of(
        Sql.option("connector", "paimon"),
        Sql.option("path", sink.warehouse().replaceAll("/+$", "") + "/default.db/" + table),
        Sql.option("auto-create", "true"));
  }
}
