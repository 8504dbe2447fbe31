package dev.sluice.functions;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code LAST_K(value, event_time, k)}: the k latest values by event time, oldest first (ties keep
 * arrival order). Ordering by event time rather than arrival makes it deterministic and lets panes
 * merge, so it works in HOP, CUMULATE and SESSION windows. NULL values are skipped.
 */
@FunctionHint(output = @DataTypeHint("ARRAY<STRING>"))
public final class LastK extends AggregateFunction<String[], LastK.Acc> {
  /** The kept values with their times (epoch millis), oldest first; at most {@code k}. */
  public static final class Acc {
    public List<Long> times = new ArrayList<>();
    public List<String> values = new ArrayList<>();
    public int k;
  }

  @Override
  public Acc createAccumulator() {
    return new Acc();
  }

  public void accumulate(Acc acc, String value, Instant time, Integer k) {
    if (value != null && time != null && k != null) {
      add(acc, time.toEpochMilli(), value, k);
    }
  }

  public void accumulate(Acc acc, String value, LocalDateTime time, Integer k) {
    if (value != null && time != null && k != null) {
      add(acc, time.toInstant(ZoneOffset.UTC).toEpochMilli(), value, k);
    }
  }

  private static void add(Acc acc, long time, String value, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("LAST_K keeps at least one value (k = " + k + ")");
    }
    acc.k = k;
    int at = acc.times.size();
    while (at > 0 && acc.times.get(at - 1) > time) {
      at--;
    }
    acc.times.add(at, time);
    acc.values.add(at, value);
    while (acc.times.size() > k) {
      acc.times.remove(0);
      acc.values.remove(0);
    }
  }

  public void merge(Acc acc, Iterable<Acc> others) {
    for (Acc other : others) {
      for (int i = 0; i < other.times.size(); i++) {
        add(acc, other.times.get(i), other.values.get(i), Math.max(acc.k, other.k));
      }
    }
  }

  @Override
  public String[] getValue(Acc acc) {
    return acc.values.toArray(new String[0]);
  }
}
