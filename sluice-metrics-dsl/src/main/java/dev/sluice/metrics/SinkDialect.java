package dev.sluice.metrics;

import java.util.List;

/**
 * How results are written to one type of sink: whether its tables upsert by key, and their
 * connector options.
 */
interface SinkDialect {
  /**
   * Whether the sink table has the keys and window bounds as its primary key.
   *
   * @param updating whether results are updated (unbounded windows) rather than appended
   */
  boolean keyed(boolean updating);

  /**
   * The table's options, each {@code 'key' = 'value'}.
   *
   * @param target what the table holds: the window id, or {@code <window>.<metric>} per metric
   */
  List<String> options(Target target, boolean updating);

  /**
   * @param group the group's name
   * @param window the window id (or {@code malformed})
   * @param metric the metric a per_metric statement is named after; null otherwise
   */
  record Target(String group, MetricGroup.Sink sink, String window, String metric) {
    /** {@code <window>} or {@code <window>.<metric>}. */
    String dotted() {
      return metric == null ? window : window + "." + metric;
    }
  }

  static SinkDialect of(SinkType type) {
    return switch (type) {
      case PRINT -> new PrintDialect();
      case BLACKHOLE -> new BlackholeDialect();
      case KAFKA -> new KafkaDialect();
      case JDBC -> new JdbcDialect();
      case PAIMON -> new PaimonDialect();
    };
  }
}
