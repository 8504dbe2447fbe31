package dev.sluice.server.ops.scaling;

import dev.sluice.server.ops.advice.TuningAdvice;
import dev.sluice.server.ops.advice.VertexAdvice;
import dev.sluice.server.ops.alerts.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the automatic mode does with one piece of advice: the autoscaler's guards around the scaler.
 * Advised parallelism is clamped to the policy's bounds; nothing changes within the cool-down after
 * the last change; a scale-down waits until it has been advised without a break for the scale-down
 * delay (a dip in the input does not shrink the job), while a scale-up goes at once and takes the
 * due scale-downs with it. A pure function of its inputs.
 */
public final class ScalingDecider {
  private ScalingDecider() {}

  /**
   * @param apply parallelism per vertex id to apply now (empty: nothing)
   * @param state what to remember until the next look
   * @param why one sentence
   */
  public record Decision(Map<String, Integer> apply, ScalingState state, String why) {}

  public static Decision decide(
      ScalingPolicy policy, TuningAdvice advice, ScalingState state, Instant now) {
    if (state.lastScaledAt() != null
        && now.isBefore(state.lastScaledAt().plus(policy.coolDown()))) {
      return new Decision(
          Map.of(), state, "cooling down until " + state.lastScaledAt().plus(policy.coolDown()));
    }
    Map<String, Integer> ups = new LinkedHashMap<>();
    Map<String, Integer> downs = new LinkedHashMap<>();
    for (VertexAdvice v : advice.vertices()) {
      if (!v.changes()) {
        continue;
      }
      int p = clamp(policy, v, v.recommendedParallelism());
      if (p > v.parallelism()) {
        ups.put(v.id(), p);
      } else if (p < v.parallelism()) {
        downs.put(v.id(), p);
      }
    }
    Instant since =
        downs.isEmpty() ? null : state.scaleDownSince() == null ? now : state.scaleDownSince();
    boolean downsDue = since != null && !now.isBefore(since.plus(policy.scaleDownDelay()));
    Map<String, Integer> apply = new LinkedHashMap<>(ups);
    if (downsDue) {
      apply.putAll(downs);
    }
    if (apply.isEmpty()) {
      String why =
          downs.isEmpty()
              ? "the advice changes nothing within the bounds"
              : "a scale-down advised since "
                  + since
                  + " waits for "
                  + Durations.format(policy.scaleDownDelay());
      return new Decision(Map.of(), new ScalingState(state.lastScaledAt(), since), why);
    }
    return new Decision(
        apply,
        new ScalingState(now, downsDue ? null : since),
        (ups.isEmpty() ? "" : ups.size() + " vertex(es) scaled up")
            + (ups.isEmpty() || !downsDue ? "" : ", ")
            + (downsDue
                ? downs.size()
                    + " scaled down after "
                    + Durations.format(Duration.between(since, now))
                : ""));
  }

  static int clamp(ScalingPolicy policy, VertexAdvice v, int p) {
    int max = v.maxParallelism() > 0 ? v.maxParallelism() : Integer.MAX_VALUE;
    if (policy.maxParallelism() > 0) {
      max = Math.min(max, policy.maxParallelism());
    }
    return Math.max(Math.max(1, policy.minParallelism()), Math.min(max, p));
  }
}
