package dev.sluice.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A metric group that passed every check, in the terms the statements are planned in: typed windows
 * with the metrics each computes, columns with their types, expressions as tokens and derived
 * metrics inlined. Built only by {@link DefinitionValidator}.
 *
 * @param zone the IANA zone of wall-clock times and of cumulate windows' midnight
 * @param columns every column of the prepared events (fields, derived fields, enrichment fields),
 *     in order, with its type
 * @param windows each distinct window with the metrics computing it, in the order of first use
 */
record ResolvedGroup(
    String name,
    String zone,
    Layout layout,
    List<Source> sources,
    EventTime eventTime,
    Map<String, FieldType> columns,
    List<DerivedField> derivedFields,
    List<SqlExpression> filters,
    List<Enrichment> enrichments,
    List<String> keys,
    List<Window> windows,
    List<DerivedMetric> derivedMetrics,
    List<Sink> sinks) {

  ResolvedGroup {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(zone, "zone is null");
    Objects.requireNonNull(layout, "layout is null");
    Objects.requireNonNull(eventTime, "eventTime is null");
    sources = List.copyOf(sources);
    columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    derivedFields = List.copyOf(derivedFields);
    filters = List.copyOf(filters);
    enrichments = List.copyOf(enrichments);
    keys = List.copyOf(keys);
    windows = List.copyOf(windows);
    derivedMetrics = List.copyOf(derivedMetrics);
    sinks = List.copyOf(sinks);
  }

  /** A field of the events, read from a JSON path. */
  record Column(String name, String path, FieldType type, TimeUnit unit) {}

  record Source(String name, MetricGroup.Kafka kafka, List<Column> fields) {
    Source {
      fields = List.copyOf(fields);
    }
  }

  /**
   * @param field the field holding the event's time (BIGINT epoch milliseconds, TIMESTAMP or
   *     TIMESTAMP_LTZ)
   * @param lateness seconds
   */
  record EventTime(String field, FieldType type, long lateness) {}

  record DerivedField(String name, SqlExpression expr) {}

  /**
   * @param key event field to dimension column
   * @param ttl seconds
   */
  record Enrichment(
      String name,
      MetricGroup.Jdbc jdbc,
      Map<String, String> key,
      List<Column> fields,
      int cacheRows,
      long ttl) {
    Enrichment {
      key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
      fields = List.copyOf(fields);
    }
  }

  /**
   * @param index in the definition's metrics
   * @param input null for count(*)
   * @param filter null when every event counts
   */
  record Metric(
      int index,
      String name,
      Aggregation aggregation,
      String input,
      FieldType inputType,
      SqlExpression filter,
      Double percentile,
      Integer k) {
    String path() {
      return "metrics[" + index + "]";
    }
  }

  /** A window and the metrics that compute it, in definition order. */
  record Window(WindowSpec spec, List<Metric> metrics) {
    Window {
      metrics = List.copyOf(metrics);
    }

    List<String> metricNames() {
      return metrics.stream().map(Metric::name).toList();
    }
  }

  /**
   * @param index in the definition's derived metrics
   * @param expr inlined: other derived metrics replaced by their expressions, metrics cast to
   *     DOUBLE
   * @param uses the metrics it reads
   */
  record DerivedMetric(int index, String name, SqlExpression expr, Set<String> uses) {
    DerivedMetric {
      uses = Set.copyOf(uses);
    }

    String path() {
      return "derived[" + index + "]";
    }
  }

  /**
   * @param index in the definition's sinks
   * @param name as named, or after its type
   */
  record Sink(int index, String name, SinkType type, MetricGroup.Sink definition) {
    String path() {
      return "sinks[" + index + "]";
    }
  }
}
