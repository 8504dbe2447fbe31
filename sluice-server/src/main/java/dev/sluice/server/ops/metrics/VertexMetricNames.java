package dev.sluice.server.ops.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the metric names a vertex's subtasks report the collector asks for, in the manner of the
 * Flink Kubernetes Operator's autoscaler: Flink answers nothing at all if one requested name does
 * not exist, so only names seen in the vertex's list are requested. Task-level names are plain
 * ({@code busyTimeMsPerSecond}); operator-level ones carry the operator's name as a prefix ({@code
 * Source__orders[1].pendingRecords}, {@code totals[7]__Writer.numRecordsInPerSecond}).
 */
public record VertexMetricNames(
    boolean recordsIn,
    boolean recordsOut,
    boolean busy,
    boolean idle,
    boolean backpressure,
    List<String> sourceRecordsOut,
    List<String> sinkRecordsIn,
    List<String> pendingRecords,
    List<String> kafkaLagMax,
    List<String> kafkaPending,
    List<String> eventTimeLag) {

  public static final String RECORDS_IN = "numRecordsInPerSecond";
  public static final String RECORDS_OUT = "numRecordsOutPerSecond";
  public static final String BUSY = "busyTimeMsPerSecond";
  public static final String IDLE = "idleTimeMsPerSecond";
  public static final String BACKPRESSURE = "backPressuredTimeMsPerSecond";
  static final String KAFKA_READER = ".KafkaSourceReader.";
  static final String KAFKA_LAG_MAX = ".KafkaSourceReader.KafkaConsumer.records-lag-max";
  static final String PENDING = ".pendingRecords";
  static final String EMIT_LAG = ".currentEmitEventTimeLag";

  public VertexMetricNames {
    sourceRecordsOut = List.copyOf(sourceRecordsOut);
    sinkRecordsIn = List.copyOf(sinkRecordsIn);
    pendingRecords = List.copyOf(pendingRecords);
    kafkaLagMax = List.copyOf(kafkaLagMax);
    kafkaPending = List.copyOf(kafkaPending);
    eventTimeLag = List.copyOf(eventTimeLag);
  }

  /** Picks the names to ask for out of what the vertex reports. */
  public static VertexMetricNames of(Collection<String> available) {
    Set<String> names = new TreeSet<>(available);
    List<String> sourceOut = new ArrayList<>();
    List<String> sinkIn = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    List<String> lagMax = new ArrayList<>();
    List<String> eventLag = new ArrayList<>();
    Set<String> kafkaOperators = new LinkedHashSet<>();
    for (String name : names) {
      if (name.startsWith("Source__") && name.endsWith("." + RECORDS_OUT)) {
        sourceOut.add(name);
      } else if ((name.startsWith("Sink__") || name.contains("__Writer."))
          && name.endsWith("." + RECORDS_IN)) {
        sinkIn.add(name);
      } else if (name.endsWith(PENDING)) {
        pending.add(name);
      } else if (name.endsWith(KAFKA_LAG_MAX)) {
        lagMax.add(name);
      } else if (name.endsWith(EMIT_LAG)) {
        eventLag.add(name);
      }
      int reader = name.indexOf(KAFKA_READER);
      if (reader > 0) {
        kafkaOperators.add(name.substring(0, reader));
      }
    }
    // A Kafka source's pendingRecords is its consumer lag summed over its partitions; its
    // records-lag-max is the fallback where a connector version does not report pendingRecords.
    List<String> kafkaPending =
        pending.stream()
            .filter(p -> kafkaOperators.contains(p.substring(0, p.length() - PENDING.length())))
            .toList();
    List<String> kafkaLagMax =
        lagMax.stream()
            .filter(
                l ->
                    !kafkaPending.contains(
                        l.substring(0, l.length() - KAFKA_LAG_MAX.length()) + PENDING))
            .toList();
    return new VertexMetricNames(
        names.contains(RECORDS_IN),
        names.contains(RECORDS_OUT),
        names.contains(BUSY),
        names.contains(IDLE),
        names.contains(BACKPRESSURE),
        sourceOut,
        sinkIn,
        pending,
        kafkaLagMax,
        kafkaPending,
        eventLag);
  }

  /** Every name to request, each once. */
  public List<String> requested() {
    Set<String> all = new LinkedHashSet<>();
    if (recordsIn) {
      all.add(RECORDS_IN);
    }
    if (recordsOut) {
      all.add(RECORDS_OUT);
    }
    if (busy) {
      all.add(BUSY);
    }
    if (idle) {
      all.add(IDLE);
    }
    if (backpressure) {
      all.add(BACKPRESSURE);
    }
    all.addAll(sourceRecordsOut);
    all.addAll(sinkRecordsIn);
    all.addAll(pendingRecords);
    all.addAll(kafkaLagMax);
    all.addAll(eventTimeLag);
    return List.copyOf(all);
  }
}
