package dev.sluice.functions;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code APPROX_DISTINCT(x)}: distinct count estimated with a HyperLogLog sketch (HLL_4, lgK 12:
 * about 1.6% standard error in 2.5 KB of state per group, whatever the number of distinct values).
 * Sketches merge, so it works in HOP, CUMULATE and SESSION windows; it cannot retract, so Flink
 * refuses it on updating input (use {@code COUNT(DISTINCT x)} there).
 */
public final class ApproxDistinct extends AggregateFunction<Long, ApproxDistinct.Acc> {
  static final int LG_K = 12;

  /** The sketch in its compact serialized form. */
  public static final class Acc {
    public byte[] sketch;
  }

  @Override
  public Acc createAccumulator() {
    return new Acc();
  }

  private static HllSketch sketch(Acc acc) {
    return acc.sketch == null
        ? new HllSketch(LG_K, TgtHllType.HLL_4)
        : HllSketch.heapify(acc.sketch);
  }

  public void accumulate(
      Acc acc,
      @DataTypeHint(inputGroup = org.apache.flink.table.annotation.InputGroup.ANY) Object value) {
    if (value == null) {
      return;
    }
    HllSketch s = sketch(acc);
    s.update(value.toString());
    acc.sketch = s.toCompactByteArray();
  }

  public void merge(Acc acc, Iterable<Acc> others) {
    Union union = new Union(LG_K);
    union.update(sketch(acc));
    for (Acc other : others) {
      if (other.sketch != null) {
        union.update(HllSketch.heapify(other.sketch));
      }
    }
    acc.sketch = union.getResult(TgtHllType.HLL_4).toCompactByteArray();
  }

  public void resetAccumulator(Acc acc) {
    acc.sketch = null;
  }

  @Override
  public Long getValue(Acc acc) {
    return acc.sketch == null ? 0L : Math.round(HllSketch.heapify(acc.sketch).getEstimate());
  }
}
