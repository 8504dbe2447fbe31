package dev.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastKTest {
  final LastK f = new LastK();

  @Test
  void keepsTheLatestByEventTimeWhateverTheArrivalOrder() {
    LastK.Acc acc = f.createAccumulator();
    long[] times = {5, 1, 9, 3, 7, 7};
    String[] values = {"e5", "e1", "e9", "e3", "e7a", "e7b"};
    for (int i = 0; i < times.length; i++) {
      f.accumulate(acc, values[i], Instant.ofEpochMilli(times[i]), 3);
    }
    f.accumulate(acc, null, Instant.ofEpochMilli(100), 3);
    assertThat(f.getValue(acc)).containsExactly("e7a", "e7b", "e9");
  }

  @Test
  void panesMergeAsIfOneHadSeenEverything() {
    LastK.Acc a = f.createAccumulator();
    LastK.Acc b = f.createAccumulator();
    f.accumulate(a, "a1", Instant.ofEpochMilli(1), 2);
    f.accumulate(a, "a4", Instant.ofEpochMilli(4), 2);
    f.accumulate(b, "b3", Instant.ofEpochMilli(3), 2);
    f.accumulate(b, "b5", Instant.ofEpochMilli(5), 2);
    LastK.Acc merged = f.createAccumulator();
    f.merge(merged, List.of(a, b));
    assertThat(f.getValue(merged)).containsExactly("a4", "b5");
  }
}
