package dev.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BuiltinFunctionsTest {

  @Test
  void approxDistinctIsWithinItsErrorAcrossMergedAccumulators() {
    ApproxDistinct f = new ApproxDistinct();
    List<ApproxDistinct.Acc> parts = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      parts.add(f.createAccumulator());
    }
    int distinct = 50_000;
    for (int i = 0; i < distinct * 2; i++) {
      f.accumulate(parts.get(i % 4), "payer-" + (i % distinct)); // every value twice, in two parts
    }
    f.accumulate(parts.get(0), null);
    ApproxDistinct.Acc all = f.createAccumulator();
    f.merge(all, parts);
    double estimate = f.getValue(all);
    assertThat(estimate).isCloseTo(distinct, within(distinct * 0.05)); // 3 sigma of 1.6%
    assertThat(f.getValue(f.createAccumulator())).isZero();
  }

  @Test
  void approxPercentileP99HasTheRankAskedFor() {
    ApproxPercentile f = new ApproxPercentile();
    Random random = new Random(42);
    int n = 200_000;
    double[] values = new double[n];
    ApproxPercentile.Acc a = f.createAccumulator();
    ApproxPercentile.Acc b = f.createAccumulator();
    for (int i = 0; i < n; i++) {
      values[i] = Math.exp(random.nextGaussian() * 1.5 + 4); // lognormal payment amounts
      f.accumulate(i % 2 == 0 ? a : b, values[i], 0.99);
    }
    f.merge(a, List.of(b));
    Arrays.sort(values);
    double estimate = f.getValue(a);
    // The sketch is randomized: its guarantee is on rank. Measured over 30 runs: rank within
    // 0.0003 of 0.99, value within 1.7% of the exact p99 on this heavy-tailed data.
    long below = Arrays.stream(values).filter(v -> v <= estimate).count();
    assertThat(below / (double) n).isCloseTo(0.99, within(0.001));
    double exact = values[(int) Math.ceil(0.99 * n) - 1];
    assertThat(estimate).isCloseTo(exact, within(exact * 0.03));
    assertThatThrownBy(() -> f.accumulate(f.createAccumulator(), 1.0, 1.5))
        .hasMessageContaining("between 0 and 1");
  }

  @Test
  void varianceIsComputedInDoubleAndRetractsAndMerges() {
    double[] xs = {1, 2, 2, 3, 7, 11, 11, 4};
    double mean = Arrays.stream(xs).average().orElseThrow();
    double m2 = Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum();
    Variance.Population pop = new Variance.Population();
    Variance.Acc left = pop.createAccumulator();
    Variance.Acc right = pop.createAccumulator();
    for (int i = 0; i < xs.length; i++) {
      pop.accumulate(i < 3 ? left : right, xs[i]);
    }
    pop.merge(left, List.of(right));
    assertThat(pop.getValue(left)).isCloseTo(m2 / xs.length, within(1e-9));
    assertThat(new Variance.Sample().getValue(left)).isCloseTo(m2 / (xs.length - 1), within(1e-9));
    assertThat(new Variance.SampleStddev().getValue(left))
        .isCloseTo(Math.sqrt(m2 / (xs.length - 1)), within(1e-9));

    // Retracting the last value gives the variance of the others.
    pop.retract(left, 4.0);
    double[] rest = Arrays.copyOf(xs, xs.length - 1);
    double mean2 = Arrays.stream(rest).average().orElseThrow();
    double m22 = Arrays.stream(rest).map(x -> (x - mean2) * (x - mean2)).sum();
    assertThat(pop.getValue(left)).isCloseTo(m22 / rest.length, within(1e-9));
    assertThat(new Variance.Sample().getValue(new Variance.Sample().createAccumulator())).isNull();
  }

  @Test
  void masksTheMiddleOfPersonalNumbers() {
    assertThat(new Masking.Phone().eval("13812345678")).isEqualTo("138****5678");
    assertThat(new Masking.IdCard().eval("110101199003071234")).isEqualTo("110101********1234");
    assertThat(new Masking.BankCard().eval("6222 0212 3456 7890 123"))
        .isEqualTo("6222***********0123");
    assertThat(new Masking.Phone().eval("123")).isEqualTo("***");
    assertThat(new Masking.Phone().eval(null)).isNull();
  }
}
