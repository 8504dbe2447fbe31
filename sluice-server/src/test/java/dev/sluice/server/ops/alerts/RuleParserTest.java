package dev.sluice.server.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RuleParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static AlertRule.Definition parse(String json) {
    return RuleParser.parse(JSON.readTree(json));
  }

  private static void rejects(String json, String field, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidFieldException.class)
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field))
        .hasMessageContaining(message);
  }

  @Test
  void aDataQualityConditionNamesItsColumn() {
    AlertRule.Definition d =
        parse(
            """
            {"name": "nulls", "job": "quality.payments-quality",
             "conditions": [{"metric": "dq_null_ratio", "column": "merchant", "op": ">",
                             "value": 0.05},
                            {"metric": "dq_freshness", "op": ">", "value": "10m"}]}
            """);
    assertThat(d.conditions())
        .containsExactly(
            new Condition("dq_null_ratio", Op.GT, 0.05, "merchant", null),
            new Condition("dq_freshness", Op.GT, 600_000, null, null));
    rejects(
        """
        {"name": "x", "conditions": [{"metric": "busy", "column": "a", "op": ">", "value": 1}]}
        """,
        "conditions[0].column",
        "only data-quality metrics (dq_...) are per column; use vertex");
  }

  @Test
  void readsTheIssuesExampleRule() {
    AlertRule.Definition d =
        parse(
            """
            {"name": "slow-input", "job": "demo_payment_totals", "for": "20s", "severity": "P1",
             "conditions": [{"metric": "input_rate", "op": "<", "value": 1000}],
             "channels": ["ops-hook"]}
            """);
    assertThat(d)
        .isEqualTo(
            new AlertRule.Definition(
                "slow-input",
                null,
                "demo_payment_totals",
                null,
                Tier.P1,
                Duration.ofSeconds(20),
                Match.ALL,
                List.of(new Condition("input_rate", Op.LT, 1000, null, null)),
                List.of("ops-hook"),
                null,
                null,
                null));
  }

  @Test
  void namesTheFieldOfEachMistake() {
    String two =
        """
        {"name": "r", "conditions": [{"metric": "input_rate", "op": "<", "value": 1},
                                     {"metric": "kafka_lag", "op": "=>", "value": 1}]}
        """;
    rejects(two, "conditions[1].op", "'=>' is not one of < <= > >= == !=");
    rejects(
        "{\"name\": \"r\", \"conditions\": [{\"metric\": \"lag\", \"op\": \"<\", \"value\": 1}]}",
        "conditions[0].metric",
        "'lag' is not a metric");
    rejects(
        "{\"name\": \"r\", \"conditions\": [{\"metric\": \"input_rate\", \"op\": \"<\"}]}",
        "conditions[0].value",
        "a value is required");
    rejects(
        "{\"name\": \"r\", \"conditions\": [{\"metric\": \"input_rate\", \"op\": \"<\","
            + " \"value\": \"lots\"}]}",
        "conditions[0].value",
        "a number in the unit of input_rate");
    rejects(
        "{\"name\": \"r\", \"conditions\": [{\"metric\": \"job_state\", \"op\": \"==\","
            + " \"value\": \"BROKEN\"}]}",
        "conditions[0].value",
        "'BROKEN' is not a job state");
    rejects(
        "{\"name\": \"r\", \"conditions\": [{\"metric\": \"input_rate\", \"op\": \"<\","
            + " \"value\": 1, \"vertx\": \"a\"}]}",
        "conditions[0].vertx",
        "unknown field");
    rejects(
        "{\"name\": \"r\", \"conditions\": [{\"metric\": \"input_rate\", \"op\": \"<\","
            + " \"value\": 1, \"over\": \"5m\"}]}",
        "conditions[0].over",
        "only counters");
    rejects("{\"name\": \"r\", \"conditions\": []}", "conditions", "a non-empty array");
    rejects("{\"name\": \"r\"}", "conditions", "a rule needs conditions or a template");
    rejects("{\"conditions\": []}", "name", "a rule needs a name");
    rejects("{\"name\": \"42\", \"template\": \"job_failed\"}", "name", "is not a rule name");
    rejects(
        "{\"name\": \"r\", \"template\": \"job_failed\", \"for\": \"soon\"}",
        "for",
        "'soon' is not a duration");
    rejects(
        "{\"name\": \"r\", \"template\": \"job_failed\", \"severity\": \"P9\"}",
        "severity",
        "P0, P1, P2");
    rejects(
        "{\"name\": \"r\", \"template\": \"job_failed\", \"job\": \"a\", \"tier\": \"P0\"}",
        "tier",
        "not both");
    rejects(
        "{\"name\": \"r\", \"template\": \"job_failed\", \"match\": \"all\"}",
        "match",
        "either a template or its own conditions");
    rejects(
        "{\"name\": \"r\", \"template\": \"job_failed\", \"channels\": [\"ok\", 3]}",
        "channels[1]",
        "a channel's name");
    rejects(
        "{\"name\": \"r\", \"template\": \"job_failed\", \"repeatInterval\": \"10s\"}",
        "repeatInterval",
        "at least 1m");
    rejects("{\"template\": \"job_exploded\"}", "template", "'job_exploded' is not a template");
    rejects("{\"template\": \"input_rate_below\"}", "value", "needs a threshold value");
    rejects("{\"template\": \"job_failed\", \"value\": 3}", "value", "takes no value");
    rejects("{\"template\": \"restarts\", \"count\": 0}", "count", "at least 1");
    rejects("{\"template\": \"backpressure_above\", \"value\": 120}", "value", "0 to 100");
    rejects("{\"template\": \"job_failed\", \"colour\": \"red\"}", "colour", "unknown field");
    rejects("[1]", "$", "a JSON object");
  }

  @Test
  void expandsEachTemplateIntoTheConditionsItStandsFor() {
    assertThat(parse("{\"template\": \"job_failed\"}").conditions())
        .containsExactly(new Condition("job_state", Op.EQ, 3, null, null));
    assertThat(parse("{\"template\": \"sync_schema_changed\"}").conditions())
        .containsExactly(new Condition("sync_schema_changes", Op.GT, 0, null, null));
    AlertRule.Definition restarting = parse("{\"template\": \"job_restarting\"}");
    assertThat(restarting.name()).isEqualTo("job-restarting");
    assertThat(restarting.template()).isEqualTo("job_restarting");
    assertThat(restarting.forDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(restarting.conditions())
        .containsExactly(new Condition("job_state", Op.EQ, 1, null, null));
    assertThat(
            parse("{\"template\": \"restarts\", \"count\": 5, \"window\": \"15m\"}").conditions())
        .containsExactly(new Condition("restarts", Op.GE, 5, null, Duration.ofMinutes(15)));
    assertThat(parse("{\"template\": \"no_checkpoint\", \"value\": \"10m\"}").conditions())
        .containsExactly(new Condition("checkpoint_age", Op.GT, 600_000, null, null));
    assertThat(parse("{\"template\": \"checkpoint_duration\", \"value\": 30000}").conditions())
        .containsExactly(new Condition("checkpoint_duration", Op.GT, 30_000, null, null));
    AlertRule.Definition input =
        parse("{\"template\": \"input_rate_below\", \"value\": 1000, \"for\": \"5m\"}");
    assertThat(input.conditions())
        .containsExactly(new Condition("input_rate", Op.LT, 1000, null, null));
    assertThat(input.forDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(parse("{\"template\": \"kafka_lag_above\", \"value\": 100000}").conditions())
        .containsExactly(new Condition("kafka_lag", Op.GT, 100_000, null, null));
    assertThat(parse("{\"template\": \"backpressure_above\", \"value\": 50}").conditions())
        .containsExactly(new Condition("backpressure", Op.GT, 500, null, null));
    assertThat(parse("{\"template\": \"event_time_lag_above\", \"value\": \"2m\"}").conditions())
        .containsExactly(new Condition("event_time_lag", Op.GT, 120_000, null, null));
    AlertRule.Definition idle = parse("{\"template\": \"source_idle\"}");
    assertThat(idle.conditions())
        .containsExactly(new Condition("input_rate", Op.LE, 0, null, null));
    assertThat(idle.forDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(parse("{\"template\": \"taskmanagers_below\", \"value\": 2}").conditions())
        .containsExactly(new Condition("taskmanagers", Op.LT, 2, null, null));
  }

  @Test
  void acceptsStateNamesDurationsAndAnyMatch() {
    AlertRule.Definition d =
        parse(
            """
            {"name": "mixed", "match": "any", "repeatInterval": "none",
             "conditions": [{"metric": "job_state", "op": "==", "value": "restarting"},
                            {"metric": "checkpoint_age", "op": ">", "value": "90s"},
                            {"metric": "backpressure", "op": ">=", "value": 800, "vertex": "Map"}]}
            """);
    assertThat(d.match()).isEqualTo(Match.ANY);
    assertThat(d.repeatInterval()).isEqualTo(Duration.ZERO);
    assertThat(d.conditions())
        .containsExactly(
            new Condition("job_state", Op.EQ, 1, null, null),
            new Condition("checkpoint_age", Op.GT, 90_000, null, null),
            new Condition("backpressure", Op.GE, 800, "Map", null));
  }

  @Test
  void theStoredFormReadsBackAsItWasWritten() {
    List<Condition> conditions =
        List.of(
            new Condition("restarts", Op.GE, 3, null, Duration.ofMinutes(10)),
            new Condition("backpressure", Op.NE, 0.5, "Source: orders", null));
    assertThat(AlertRuleStore.conditions(AlertRuleStore.conditionsJson(conditions)))
        .isEqualTo(conditions);
  }

  @Test
  void durationsInTheirShortForms() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("-5m")).isNull();
    assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
