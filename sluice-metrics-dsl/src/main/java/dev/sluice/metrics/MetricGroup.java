package dev.sluice.metrics;

import java.util.List;
import java.util.Map;

/**
 * A metric group: sources, preprocessing, group-by keys, metrics with their windows, derived
 * metrics and sinks. One group compiles to one Flink SQL script (one job). Field names follow the
 * published JSON Schema ({@code metric-group.schema.json}).
 *
 * @param layout {@code fused} (default): the metrics of one window are computed by one aggregation,
 *     so editing one of them restarts the window's aggregation; {@code per_metric}: each metric is
 *     its own statement, named after it, so editing one keeps the state of every other, at the cost
 *     of one aggregation per metric
 */
public record MetricGroup(
    String name,
    String description,
    String timeZone,
    String layout,
    List<Source> sources,
    EventTime eventTime,
    Preprocess preprocess,
    List<String> keys,
    List<Metric> metrics,
    List<Derived> derived,
    List<Sink> sinks,
    List<String> references) {

  public MetricGroup {
    sources = list(sources);
    keys = list(keys);
    metrics = list(metrics);
    derived = list(derived);
    sinks = list(sinks);
    references = list(references);
  }

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** A Kafka topic of JSON events and the fields taken from it. */
  public record Source(String name, Kafka kafka, List<Field> fields) {
    public Source {
      fields = list(fields);
    }
  }

  /**
   * @param startFrom earliest or latest (default)
   * @param stopAt {@code latest} to stop at the offsets current when the job starts (a backfill);
   *     unbounded by default
   * @param properties extra Kafka client properties
   */
  public record Kafka(
      String topic,
      String bootstrapServers,
      String startFrom,
      String stopAt,
      Map<String, String> properties) {}

  /**
   * A field of the events.
   *
   * @param path a JSON path into the event, e.g. {@code $.payer.id}
   * @param type STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), TIMESTAMP or TIMESTAMP_LTZ
   * @param unit for a TIMESTAMP or TIMESTAMP_LTZ field: what its epoch numbers count, {@code
   *     milliseconds} (default) or {@code seconds}
   */
  public record Field(String name, String path, String type, String unit) {}

  /**
   * @param field a BIGINT field of epoch milliseconds, or a TIMESTAMP or TIMESTAMP_LTZ field
   * @param lateness how late an event may be and still count, e.g. {@code 5s}
   */
  public record EventTime(String field, String lateness) {}

  public record Preprocess(List<Derived> derived, List<String> filters, List<Enrich> enrich) {
    public Preprocess {
      derived = list(derived);
      filters = list(filters);
      enrich = list(enrich);
    }
  }

  /**
   * Enrichment by lookup join on a JDBC dimension table, cached.
   *
   * @param key event field to dimension column
   * @param fields dimension columns added to the events
   */
  public record Enrich(
      String name, Jdbc jdbc, Map<String, String> key, List<Field> fields, Cache cache) {
    public Enrich {
      fields = list(fields);
    }
  }

  public record Jdbc(String url, String table, String username, String password) {}

  public record Cache(Integer rows, String ttl) {}

  /**
   * One metric.
   *
   * @param aggregation count, sum, avg, min, max, var_pop, var_samp, stddev_pop, stddev_samp,
   *     count_distinct, approx_count_distinct, percentile, first_value, last_value, last_k
   * @param input the field aggregated (count may leave it out)
   * @param filter a SQL condition on the prepared events; only matching events count
   * @param percentile for percentile: the rank in (0, 1)
   * @param k for last_k: how many of the latest values (by event time) to keep, 1 to 100
   */
  public record Metric(
      String name,
      String description,
      String aggregation,
      String input,
      String filter,
      Double percentile,
      Integer k,
      List<Window> windows) {
    public Metric {
      windows = list(windows);
    }
  }

  /**
   * A window.
   *
   * @param type tumble, hop, cumulate, session or unbounded
   * @param size the window's length (tumble, hop, cumulate)
   * @param slide how often a hop window starts
   * @param step how often a cumulate window emits (its "so far" results)
   * @param gap a session's inactivity gap
   */
  public record Window(String type, String size, String slide, String step, String gap) {}

  /** A metric computed from other metrics of the same window, e.g. a ratio. */
  public record Derived(String name, String expr) {}

  /**
   * Where results go.
   *
   * @param type print, kafka, jdbc, paimon or blackhole (discards: for load tests)
   * @param topic kafka: topic prefix (one topic per window)
   * @param table jdbc and paimon: table prefix (one table per window)
   * @param warehouse paimon: the directory (or object store URI) holding the group's tables
   */
  public record Sink(
      String name,
      String type,
      String bootstrapServers,
      String topic,
      String url,
      String table,
      String username,
      String password,
      String warehouse) {}
}
