package dev.sluice.functions;

import org.apache.flink.table.functions.AggregateFunction;

/**
 * Variance and standard deviation computed in DOUBLE whatever the input type (Flink's VAR_POP on an
 * INT column returns an INT). Welford's algorithm; supports retraction (updating input, OVER
 * windows) and merging (HOP, CUMULATE, SESSION windows).
 */
public abstract class Variance extends AggregateFunction<Double, Variance.Acc> {

  /** Count, mean and sum of squared deviations. */
  public static final class Acc {
    public long count;
    public double mean;
    public double m2;
  }

  @Override
  public Acc createAccumulator() {
    return new Acc();
  }

  public void accumulate(Acc acc, Double value) {
    if (value == null) {
      return;
    }
    acc.count++;
    double delta = value - acc.mean;
    acc.mean += delta / acc.count;
    acc.m2 += delta * (value - acc.mean);
  }

  public void retract(Acc acc, Double value) {
    if (value == null || acc.count == 0) {
      return;
    }
    if (acc.count == 1) {
      acc.count = 0;
      acc.mean = 0;
      acc.m2 = 0;
      return;
    }
    double meanBefore = (acc.mean * acc.count - value) / (acc.count - 1);
    acc.m2 -= (value - acc.mean) * (value - meanBefore);
    acc.mean = meanBefore;
    acc.count--;
    if (acc.m2 < 0) {
      acc.m2 = 0; // rounding
    }
  }

  public void merge(Acc acc, Iterable<Acc> others) {
    for (Acc o : others) {
      if (o.count == 0) {
        continue;
      }
      long n = acc.count + o.count;
      double delta = o.mean - acc.mean;
      acc.m2 += o.m2 + delta * delta * acc.count * o.count / n;
      acc.mean += delta * o.count / n;
      acc.count = n;
    }
  }

  public void resetAccumulator(Acc acc) {
    acc.count = 0;
    acc.mean = 0;
    acc.m2 = 0;
  }

  /** {@code VAR_POP_D(x)}. */
  public static final class Population extends Variance {
    @Override
    public Double getValue(Acc acc) {
      return acc.count == 0 ? null : acc.m2 / acc.count;
    }
  }

  /** {@code VAR_SAMP_D(x)}: null for fewer than two values. */
  public static final class Sample extends Variance {
    @Override
    public Double getValue(Acc acc) {
      return acc.count < 2 ? null : acc.m2 / (acc.count - 1);
    }
  }

  /** {@code STDDEV_POP_D(x)}. */
  public static final class PopulationStddev extends Variance {
    @Override
    public Double getValue(Acc acc) {
      return acc.count == 0 ? null : Math.sqrt(acc.m2 / acc.count);
    }
  }

  /** {@code STDDEV_SAMP_D(x)}. */
  public static final class SampleStddev extends Variance {
    @Override
    public Double getValue(Acc acc) {
      return acc.count < 2 ? null : Math.sqrt(acc.m2 / (acc.count - 1));
    }
  }
}
