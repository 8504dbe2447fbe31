package dev.sluice.server.ops.advice;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parallelism each vertex of a running job needs, by the formulas of the Flink Kubernetes
 * Operator's autoscaler ({@code JobVertexScaler}, {@code AutoScalerUtils}):
 *
 * <ul>
 *   <li>true processing rate = records processed per second ÷ busy fraction;
 *   <li>target rate: at a source, what it reads plus how fast its backlog grows; downstream, the
 *       target rates of its inputs times each input's records out per record processed;
 *   <li>capacity needed = target rate ÷ target utilisation + backlog ÷ catch-up time (the backlog
 *       flows through the graph the same way);
 *   <li>new parallelism = ⌈parallelism × capacity ÷ true rate⌉, a scale-down never below half the
 *       current and only when the vertex is busy less than the target minus the boundary; a keyed
 *       vertex rounded up to a divisor of the max parallelism (key groups spread evenly), a source
 *       never above its partition count and rounded up to a divisor of it.
 * </ul>
 *
 * It is a pure function of the loads it is given, so the same numbers give the same advice.
 */
public final class VertexScaler {
  /** Busy less than this share of the time: the true rate is not trusted. */
  static final double MIN_BUSY = 0.01;

  /** Back-pressured more than this share of the time: the vertex waits for its downstream. */
  static final double BACKPRESSURED = 0.5;

  private final double utilization;
  private final double boundary;
  private final double maxScaleDown;
  private final Duration catchUp;

  /**
   * @param utilization the busy fraction to run at (the autoscaler's default 0.7)
   * @param boundary how far below the target a vertex must be before it is scaled down (0.3)
   * @param maxScaleDown the largest share of its parallelism a vertex gives up at once (0.5)
   * @param catchUp the time a backlog should be read in
   */
  public VertexScaler(double utilization, double boundary, double maxScaleDown, Duration catchUp) {
    if (!(utilization > 0 && utilization <= 1)) {
      throw new IllegalArgumentException("utilization must be in (0, 1], got " + utilization);
    }
    this.utilization = utilization;
    this.boundary = boundary;
    this.maxScaleDown = maxScaleDown;
    this.catchUp = catchUp;
  }

  /**
   * What one vertex needs.
   *
   * @param trueRate records per second at full busy time, or null
   * @param targetRate records per second it should take (the catch-up included), or null
   */
  public record Decision(
      Double trueRate, Double targetRate, int parallelism, String action, String reason) {}

  /** The decision per vertex id, in the order given. */
  public Map<String, Decision> scale(List<VertexLoad> loads) {
    Map<String, VertexLoad> byId = new HashMap<>();
    loads.forEach(v -> byId.put(v.id(), v));
    Map<String, Integer> consumers = new HashMap<>();
    loads.forEach(v -> v.inputs().forEach(i -> consumers.merge(i.id(), 1, Integer::sum)));
    Map<String, double[]> targets = new HashMap<>();
    Map<String, Decision> out = new LinkedHashMap<>();
    for (VertexLoad v : loads) {
      out.put(v.id(), decide(v, target(v, byId, consumers, targets, 0)));
    }
    return out;
  }

  /** {rate, catch-up rate} the vertex must take, or null when an input's is unknown. */
  private double[] target(
      VertexLoad v,
      Map<String, VertexLoad> byId,
      Map<String, Integer> consumers,
      Map<String, double[]> memo,
      int depth) {
    if (memo.containsKey(v.id())) {
      return memo.get(v.id());
    }
    double[] t;
    if (v.source()) {
      Double processed = v.processed();
      t =
          processed == null
              ? null
              : new double[] {
                processed + Math.max(0, v.backlogGrowth()),
                v.pendingRecords() == null || catchUp.isZero()
                    ? 0
                    : v.pendingRecords() / (catchUp.toMillis() / 1000.0)
              };
    } else {
      t = new double[] {0, 0};
      for (VertexLoad.Input input : v.inputs()) {
        VertexLoad u = byId.get(input.id());
        double[] ut =
            u == null || depth > byId.size() ? null : target(u, byId, consumers, memo, depth + 1);
        if (ut == null) {
          t = null;
          break;
        }
        double ratio = outputRatio(u, consumers.getOrDefault(u.id(), 1));
        t[0] += ut[0] * ratio;
        t[1] += ut[1] * ratio;
      }
    }
    memo.put(v.id(), t);
    return t;
  }

  /**
   * Records one consumer of {@code u} gets per record {@code u} processes: its records out (counted
   * once per output edge, so a source read by two statements counts each record twice) per record
   * processed, shared among its consumers; 1 when nothing was processed.
   */
  private static double outputRatio(VertexLoad u, int consumers) {
    Double processed = u.processed();
    if (processed == null || processed <= 0 || u.recordsOut() == null) {
      return 1;
    }
    return u.recordsOut() / processed / Math.max(1, consumers);
  }

  private Decision decide(VertexLoad v, double[] target) {
    int p = v.parallelism();
    Double processed = v.processed();
    if (processed == null || target == null) {
      return new Decision(
          null, null, p, VertexAdvice.UNKNOWN, "It reports no rates yet: no advice until it does.");
    }
    double backpressured = v.backpressuredPercent() == null ? 0 : v.backpressuredPercent() / 100;
    double targetRate = target[0] + target[1];
    Double busyKnown = v.busyOrDerived() == null ? null : v.busyOrDerived() / 100;
    if (backpressured > BACKPRESSURED && (busyKnown == null || busyKnown < utilization)) {
      // Sources often report no busy time; back-pressure alone says they wait.
      return new Decision(
          busyKnown != null && busyKnown >= MIN_BUSY ? processed / busyKnown : null,
          targetRate,
          p,
          VertexAdvice.KEEP,
          String.format(
              Locale.ROOT,
              "Back-pressured %s of the time%s: it waits for the vertices after it,"
                  + " so more parallelism here would not help.",
              percent(backpressured),
              busyKnown == null ? "" : " and busy " + percent(busyKnown)));
    }
    if (busyKnown == null) {
      return new Decision(
          null,
          targetRate,
          p,
          VertexAdvice.UNKNOWN,
          "It reports neither busy nor idle time: its true processing rate cannot be told.");
    }
    double busy = busyKnown;
    if (processed <= 0 && targetRate <= 0) {
      return new Decision(
          null,
          0.0,
          p,
          VertexAdvice.KEEP,
          "It processed no records in the last minute: nothing to size it by.");
    }
    Double trueRate = busy >= MIN_BUSY ? processed / busy : null;
    if (trueRate == null) {
      int down = Math.max(1, (int) Math.ceil(p * (1 - maxScaleDown)));
      return down < p
          ? new Decision(
              null,
              targetRate,
              down,
              VertexAdvice.SCALE_DOWN,
              String.format(
                  Locale.ROOT,
                  "Busy under 1%% of the time at parallelism %d: %d subtasks are enough (a"
                      + " scale-down gives up at most %s at once).",
                  p,
                  down,
                  percent(maxScaleDown)))
          : new Decision(
              null,
              targetRate,
              p,
              VertexAdvice.KEEP,
              "Busy under 1% of the time at parallelism 1: the least it can run at.");
    }
    double capacity = target[0] / utilization + target[1];
    double factor = capacity / trueRate;
    boolean down = factor < 1;
    if (down && busy >= utilization - boundary) {
      return keep(v, busy, processed, trueRate, targetRate);
    }
    factor = Math.max(factor, 1 - maxScaleDown);
    int wanted = Math.max(1, (int) Math.ceil(p * factor - 1e-9));
    int aligned = align(v, wanted);
    if (aligned == p) {
      return keep(v, busy, processed, trueRate, targetRate);
    }
    StringBuilder why =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Busy %s at parallelism %d: it processes %s records/s and could take %s/s, and it"
                    + " should take %s/s",
                percent(busy),
                p,
                number(processed),
                number(trueRate),
                number(target[0])));
    if (target[1] > 0) {
      why.append(
          String.format(
              Locale.ROOT,
              " plus %s/s to read its backlog within %ds",
              number(target[1]),
              catchUp.toSeconds()));
    }
    why.append(
        String.format(
            Locale.ROOT, "; to run at %s it needs parallelism %d", percent(utilization), aligned));
    if (aligned != wanted) {
      why.append(
          v.source() && v.partitions() != null
              ? String.format(
                  Locale.ROOT,
                  " (%d computed; a source reads %d partitions, so it runs at a divisor of %d)",
                  wanted,
                  v.partitions(),
                  v.partitions())
              : String.format(
                  Locale.ROOT,
                  " (%d computed, rounded so that its %d key groups spread evenly)",
                  wanted,
                  v.maxParallelism()));
    }
    why.append('.');
    return new Decision(
        trueRate,
        targetRate,
        aligned,
        aligned > p ? VertexAdvice.SCALE_UP : VertexAdvice.SCALE_DOWN,
        why.toString());
  }

  private Decision keep(
      VertexLoad v, double busy, double processed, double trueRate, double targetRate) {
    return new Decision(
        trueRate,
        targetRate,
        v.parallelism(),
        VertexAdvice.KEEP,
        String.format(
            Locale.ROOT,
            "Busy %s at parallelism %d, processing %s of the %s records/s it could: within"
                + " %s-%s of the %s target, no change.",
            percent(busy),
            v.parallelism(),
            number(processed),
            number(trueRate),
            percent(Math.max(0, utilization - boundary)),
            percent(Math.min(1, utilization + boundary)),
            percent(utilization)));
  }

  /** The parallelism rounded for even key groups or partitions, within 1 and the max. */
  static int align(VertexLoad v, int wanted) {
    int max = v.maxParallelism() > 0 ? v.maxParallelism() : Integer.MAX_VALUE;
    if (v.source() && v.partitions() != null && v.partitions() > 0) {
      int n = v.partitions();
      if (wanted >= n) {
        return Math.min(n, max);
      }
      for (int q = wanted; q <= n; q++) {
        if (n % q == 0) {
          return Math.min(q, max);
        }
      }
    }
    int p = Math.min(Math.max(1, wanted), max);
    if (v.keyed() && max != Integer.MAX_VALUE) {
      for (int q = p; q <= max; q++) {
        if (max % q == 0) {
          return q;
        }
      }
    }
    return p;
  }

  static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }

  static String number(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,d", Math.round(v)) : trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
