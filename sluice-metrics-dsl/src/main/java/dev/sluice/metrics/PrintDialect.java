package dev.sluice.metrics;

import java.util.List;

/** Prints results to the TaskManagers' output, one identifier per window (and metric). */
final class PrintDialect implements SinkDialect {
  @Override
  public boolean keyed(boolean updating) {
    return false;
  }

  @Override
  public List<String> options(Target t, boolean updating) {
    return List.of(
        Sql.option("connector", "print"),
        Sql.option("print-identifier", t.group() + "." + t.dotted()));
  }
}
