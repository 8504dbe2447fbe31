package dev.sluice.metrics;

import java.util.List;

/** Discards results: for load tests. */
final class BlackholeDialect implements SinkDialect {
  @Override
  public boolean keyed(boolean updating) {
    return false;
  }

  @Override
  public List<String> options(Target t, boolean updating) {
    return List.of(Sql.option("connector", "blackhole"));
  }
}
