package dev.sluice.server.ops.alerts;

import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The one human line of a notification, e.g. {@code input_rate 0 < 1000 for 20s}. */
final class Summaries {
  private Summaries() {}

  static String of(AlertRule rule, List<Alert> alerts, String status, boolean repeat, Instant now) {
    Alert first = alerts.get(0);
    if (status.equals(Alert.RESOLVED)) {
      String values =
          alerts.stream()
              .filter(a -> a.value() != null)
              .map(
                  a ->
                      (a.vertex() == null ? "" : a.vertex() + " ")
                          + rule.conditions().get(0).metric()
                          + " "
                          + Numbers.text(a.value()))
              .collect(Collectors.joining(", "));
      return "resolved after "
          + Durations.format(
              Duration.ofSeconds(Duration.between(first.firingSince(), now).toSeconds()))
          + ": "
          + rule.conditionText()
          + " no longer holds"
          + (values.isEmpty() ? "" : " (" + values + ")");
    }
    String condition;
    if (rule.conditions().size() == 1 && alerts.size() == 1 && first.value() != null) {
      Condition c = rule.conditions().get(0);
      String value =
          c.metric().equals(MetricNames.JOB_STATE) && JobStateCodes.name(first.value()) != null
              ? JobStateCodes.name(first.value())
              : Numbers.text(first.value());
      condition =
          c.metric()
              + (first.vertex() == null ? "" : " of " + first.vertex())
              + " "
              + value
              + " "
              + c.op().symbol()
              + " "
              + c.valueText()
              + (c.over() == null ? "" : " over " + Durations.format(c.over()))
              + (rule.forDuration().isZero() ? "" : " for " + Durations.format(rule.forDuration()));
    } else {
      condition = rule.conditionText();
      if (alerts.stream().anyMatch(a -> a.vertex() != null)) {
        condition +=
            " on "
                + alerts.stream()
                    .map(
                        a ->
                            (a.vertex() == null ? "the job" : a.vertex())
                                + (a.value() == null ? "" : " (" + Numbers.text(a.value()) + ")"))
                    .collect(Collectors.joining(", "));
      } else if (first.value() != null) {
        condition += " (value " + Numbers.text(first.value()) + ")";
      }
    }
    return (repeat ? "still firing: " : "") + condition;
  }
}
