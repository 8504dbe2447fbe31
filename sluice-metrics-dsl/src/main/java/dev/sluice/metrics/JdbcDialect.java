package dev.sluice.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Upserts into a database table per window, {@code <prefix>_<window>}, shared by the statements of
 * a per_metric window: each upserts its own columns of the same rows.
 */
final class JdbcDialect implements SinkDialect {
  @Override
  public boolean keyed(boolean updating) {
    return true;
  }

  @Override
  public List<String> options(Target t, boolean updating) {
    MetricGroup.Sink sink = t.sink();
    List<String> out = new ArrayList<>();
    out.add(Sql.option("connector", "jdbc"));
    out.add(Sql.option("url", sink.url()));
    out.add(Sql.option("table-name", sink.table() + "_" + t.window()));
    if (sink.username() != null) {
      out.add(Sql.option("username", sink.username()));
      out.add(Sql.option("password", sink.password() == null ? "" : sink.password()));
    }
    return out;
  }
}
