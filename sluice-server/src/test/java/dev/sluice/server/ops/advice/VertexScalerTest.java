package dev.sluice.server.ops.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The autoscaler's formulas on hand-made loads; every expected number is worked out below. */
class VertexScalerTest {
  private final VertexScaler scaler = new VertexScaler(0.7, 0.3, 0.5, Duration.ofMinutes(5));

  private static VertexLoad.Input forward(String id) {
    return new VertexLoad.Input(id, "FORWARD");
  }

  private static VertexLoad.Input hash(String id) {
    return new VertexLoad.Input(id, "HASH");
  }

  private static VertexLoad load(
      String id,
      int p,
      int maxP,
      List<VertexLoad.Input> inputs,
      Double in,
      Double out,
      Double busy,
      Double backpressured) {
    return new VertexLoad(
        id, id, p, maxP, inputs, in, out, busy, backpressured, null, null, null, 0);
  }

  @Test
  void aBusyOperatorBehindABackpressuredSourceIsScaledUpAndTheSourceIsNot() {
    Map<String, VertexScaler.Decision> d =
        scaler.scale(
            List.of(
                load("src", 1, 128, List.of(), 2000.0, 2000.0, 0.0, 95.0),
                load("calc", 1, 128, List.of(forward("src")), 2000.0, 2000.0, 100.0, 0.0),
                load("agg", 1, 128, List.of(hash("calc")), 2000.0, 100.0, 10.0, 0.0)));

    // The source waits for the calc: no advice to change it.
    assertThat(d.get("src").action()).isEqualTo("keep");
    assertThat(d.get("src").reason())
        .isEqualTo(
            "Back-pressured 95% of the time and busy 0%: it waits for the vertices after it, so"
                + " more parallelism here would not help.");
    // calc: true rate 2000 / 1.0 = 2000; target 2000 (the source's emitted rate, ratio 1);
    // capacity 2000 / 0.7 = 2857.1; parallelism ceil(1 * 2857.1 / 2000) = ceil(1.43) = 2.
    VertexScaler.Decision calc = d.get("calc");
    assertThat(calc.parallelism()).isEqualTo(2);
    assertThat(calc.action()).isEqualTo("scale-up");
    assertThat(calc.trueRate()).isEqualTo(2000.0);
    assertThat(calc.targetRate()).isEqualTo(2000.0);
    assertThat(calc.reason())
        .isEqualTo(
            "Busy 100% at parallelism 1: it processes 2,000 records/s and could take 2,000/s,"
                + " and it should take 2,000/s; to run at 70% it needs parallelism 2.");
    // agg: true rate 2000 / 0.1 = 20000 for a target of 2000: a scale-down, but it runs at 1.
    assertThat(d.get("agg").parallelism()).isEqualTo(1);
    assertThat(d.get("agg").action()).isEqualTo("keep");
    assertThat(d.get("agg").trueRate()).isEqualTo(20000.0);
  }

  @Test
  void aKafkaSourceWithABacklogIsSizedToReadItWithinTheCatchUpTimeAndByItsPartitions() {
    // 300,000 pending over 5m = 1000/s to catch up; true rate 1000 / 0.5 = 2000;
    // capacity 1000 / 0.7 + 1000 = 2428.6; ceil(2 * 2428.6 / 2000) = ceil(2.43) = 3.
    VertexLoad three =
        new VertexLoad(
            "kafka",
            "Source: orders",
            2,
            128,
            List.of(),
            1000.0,
            1000.0,
            50.0,
            0.0,
            null,
            300_000L,
            3,
            0);
    VertexScaler.Decision d = scaler.scale(List.of(three)).get("kafka");
    assertThat(d.parallelism()).isEqualTo(3);
    assertThat(d.targetRate()).isEqualTo(2000.0);
    assertThat(d.reason())
        .isEqualTo(
            "Busy 50% at parallelism 2: it processes 1,000 records/s and could take 2,000/s, and"
                + " it should take 1,000/s plus 1,000/s to read its backlog within 300s; to run at"
                + " 70% it needs parallelism 3.");

    // With four partitions, three subtasks would read them unevenly: four.
    VertexLoad four =
        new VertexLoad(
            "kafka",
            "Source: orders",
            2,
            128,
            List.of(),
            1000.0,
            1000.0,
            50.0,
            0.0,
            null,
            300_000L,
            4,
            0);
    VertexScaler.Decision d4 = scaler.scale(List.of(four)).get("kafka");
    assertThat(d4.parallelism()).isEqualTo(4);
    assertThat(d4.reason())
        .endsWith(
            "it needs parallelism 4 (3 computed; a source reads 4 partitions, so it runs at a"
                + " divisor of 4).");

    // Never more subtasks than partitions: 2 partitions cap it at 2, its current parallelism.
    VertexLoad two =
        new VertexLoad(
            "kafka",
            "Source: orders",
            2,
            128,
            List.of(),
            1000.0,
            1000.0,
            50.0,
            0.0,
            null,
            300_000L,
            2,
            0);
    assertThat(scaler.scale(List.of(two)).get("kafka").action()).isEqualTo("keep");
  }

  @Test
  void theBacklogsGrowthCountsAsInputTheSourceCouldNotRead() {
    // Reads 1000/s while 500/s more arrive: target 1500, capacity 2142.9, true rate 1000 / 0.9;
    // ceil(1 * 2142.9 / 1111.1) = ceil(1.93) = 2.
    VertexLoad source =
        new VertexLoad("s", "s", 1, 128, List.of(), 1000.0, 1000.0, 90.0, 0.0, null, 0L, null, 500);
    VertexScaler.Decision d = scaler.scale(List.of(source)).get("s");
    assertThat(d.targetRate()).isEqualTo(1500.0);
    assertThat(d.parallelism()).isEqualTo(2);
  }

  @Test
  void aKeyedVertexIsRoundedUpToADivisorOfItsKeyGroups() {
    // true rate 3000 / 1.0; target 7000 (source ratio 1); capacity 10000; ceil(3 * 3.33) = 10 ->
    // 16, the next divisor of 128.
    Map<String, VertexScaler.Decision> d =
        scaler.scale(
            List.of(
                load("src", 4, 128, List.of(), 7000.0, 7000.0, 20.0, 0.0),
                load("agg", 3, 128, List.of(hash("src")), 3000.0, 3000.0, 100.0, 0.0)));
    assertThat(d.get("agg").parallelism()).isEqualTo(16);
    assertThat(d.get("agg").reason())
        .endsWith(
            "it needs parallelism 16 (10 computed, rounded so that its 128 key groups spread"
                + " evenly).");
  }

  @Test
  void aMostlyIdleVertexGivesUpAtMostHalfItsSubtasksAtOnce() {
    // true rate 800 / 0.1 = 8000 for a target of 800: factor 0.14, capped at 0.5: 8 -> 4.
    Map<String, VertexScaler.Decision> d =
        scaler.scale(
            List.of(
                load("src", 1, 128, List.of(), 800.0, 800.0, 20.0, 0.0),
                load("agg", 8, 128, List.of(hash("src")), 800.0, 800.0, 10.0, 0.0)));
    assertThat(d.get("agg").parallelism()).isEqualTo(4);
    assertThat(d.get("agg").action()).isEqualTo("scale-down");
    // Busy 50% is within 40-100% of the 70% target: no scale-down.
    Map<String, VertexScaler.Decision> near =
        scaler.scale(
            List.of(
                load("src", 1, 128, List.of(), 800.0, 800.0, 20.0, 0.0),
                load("agg", 8, 128, List.of(hash("src")), 800.0, 800.0, 50.0, 0.0)));
    assertThat(near.get("agg").action()).isEqualTo("keep");
    assertThat(near.get("agg").reason())
        .isEqualTo(
            "Busy 50% at parallelism 8, processing 800 of the 1,600 records/s it could: within"
                + " 40%-100% of the 70% target, no change.");
  }

  @Test
  void recordsMultipliedOnTheWayRaiseTheTargetDownstream() {
    // "explode" sends 3 records per record: the sink's target is 3 * 1000 = 3000.
    Map<String, VertexScaler.Decision> d =
        scaler.scale(
            List.of(
                load("src", 1, 128, List.of(), 1000.0, 1000.0, 30.0, 0.0),
                load("explode", 1, 128, List.of(forward("src")), 1000.0, 3000.0, 30.0, 0.0),
                load("sink", 1, 128, List.of(forward("explode")), 3000.0, 0.0, 100.0, 0.0)));
    assertThat(d.get("sink").targetRate()).isEqualTo(3000.0);
    // ceil(1 * (3000 / 0.7) / 3000) = 2
    assertThat(d.get("sink").parallelism()).isEqualTo(2);
  }

  @Test
  void aBackpressuredSourceThatReportsNoBusyTimeIsLeftAlone() {
    Map<String, VertexScaler.Decision> d =
        scaler.scale(
            List.of(
                load("src", 1, 128, List.of(), 786.0, 786.0, null, 94.3),
                load("agg", 1, 128, List.of(hash("src")), 699.0, 699.0, 100.0, 0.0)));
    assertThat(d.get("src").action()).isEqualTo("keep");
    assertThat(d.get("src").reason())
        .isEqualTo(
            "Back-pressured 94% of the time: it waits for the vertices after it, so more"
                + " parallelism here would not help.");
    // ceil(1 * (786 / 0.7) / 699) = ceil(1.61) = 2
    assertThat(d.get("agg").parallelism()).isEqualTo(2);
    // Without back-pressure, no busy time means no advice.
    assertThat(
            scaler
                .scale(List.of(load("src", 1, 128, List.of(), 786.0, 786.0, null, 0.0)))
                .get("src")
                .action())
        .isEqualTo("unknown");
  }

  @Test
  void aSourceReadByTwoStatementsCountsEachRecordOnceForEachOfThem() {
    // The source emits 4 records/s and sends each to both aggregations (8 out): each takes 4.
    Map<String, VertexScaler.Decision> d =
        scaler.scale(
            List.of(
                load("src", 1, 128, List.of(), 4.0, 8.0, 1.0, 0.0),
                load("a", 1, 128, List.of(hash("src")), 4.0, 4.0, 100.0, 0.0),
                load("b", 1, 128, List.of(hash("src")), 4.0, 4.0, 100.0, 0.0)));
    assertThat(d.get("src").targetRate()).isEqualTo(4.0);
    assertThat(d.get("a").targetRate()).isEqualTo(4.0);
    assertThat(d.get("b").targetRate()).isEqualTo(4.0);
  }

  @Test
  void aSourceWithoutBusyTimeIsBusyWhatItIsNeitherIdleNorBackpressured() {
    // idle 30%, back-pressured 0%: busy 70%; true rate 700 / 0.7 = 1000; capacity 700 / 0.7
    // = 1000: parallelism 1 is just right.
    VertexLoad source =
        new VertexLoad("s", "s", 1, 128, List.of(), 700.0, 700.0, null, 0.0, 30.0, null, null, 0);
    VertexScaler.Decision d = scaler.scale(List.of(source)).get("s");
    assertThat(d.trueRate()).isCloseTo(1000.0, within(1e-9));
    assertThat(d.action()).isEqualTo("keep");
    assertThat(source.busyOrDerived()).isEqualTo(70.0);
  }

  @Test
  void aVertexWithoutRatesGetsNoAdvice() {
    VertexScaler.Decision d =
        scaler.scale(List.of(load("src", 2, 128, List.of(), null, null, null, null))).get("src");
    assertThat(d.action()).isEqualTo("unknown");
    assertThat(d.parallelism()).isEqualTo(2);
    assertThat(d.reason()).isEqualTo("It reports no rates yet: no advice until it does.");
  }

  @Test
  void theTargetUtilizationMustBeAFraction() {
    assertThatThrownBy(() -> new VertexScaler(1.5, 0.3, 0.5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("utilization must be in (0, 1], got 1.5");
  }
}
