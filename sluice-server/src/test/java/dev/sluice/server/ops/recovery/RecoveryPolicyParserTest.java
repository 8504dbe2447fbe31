package dev.sluice.server.ops.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.ops.alerts.Tier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RecoveryPolicyParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RecoveryPolicy P1 = RecoveryPolicy.defaultFor(Tier.P1);

  private static RecoveryPolicy parse(String body) {
    return RecoveryPolicyParser.parse(JSON.readTree(body), P1);
  }

  private static void refused(String body, String field, String message) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(field + ": " + message)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo(field);
  }

  @Test
  void setsTheFieldsGivenAndKeepsTheOthers() {
    RecoveryPolicy p =
        parse(
            """
            {"enabled": false, "restoreFrom": "savepoint", "maxAttempts": 7,
             "initialBackoff": "5s", "maxBackoff": "PT2M",
             "restartsThreshold": {"within": "1h"}}
            """);

    assertThat(p)
        .isEqualTo(
            new RecoveryPolicy(
                false,
                RestoreFrom.SAVEPOINT,
                7,
                Duration.ofSeconds(5),
                Duration.ofMinutes(2),
                P1.stuckRestartingAfter(),
                P1.restartsCount(),
                Duration.ofHours(1),
                P1.noCheckpointFor()));
  }

  @Test
  void namesTheFieldOfEachMistake() {
    refused("{\"maxAttempts\": 0}", "maxAttempts", "'0' is not a whole number from 1 to 100");
    refused("{\"maxAttempts\": \"3\"}", "maxAttempts", "'3' is not a whole number from 1 to 100");
    refused(
        "{\"restoreFrom\": \"yesterday\"}",
        "restoreFrom",
        "'yesterday' is not one of checkpoint, savepoint");
    refused(
        "{\"initialBackoff\": \"soon\"}",
        "initialBackoff",
        "'soon' is not a duration such as 30s, 5m or 1h");
    refused("{\"initialBackoff\": \"500ms\"}", "initialBackoff", "at least 1s");
    refused(
        "{\"initialBackoff\": \"20m\"}",
        "initialBackoff",
        "maxBackoff (10m) must not be shorter than initialBackoff (20m)");
    refused("{\"stuckRestartingAfter\": \"2s\"}", "stuckRestartingAfter", "at least 10s");
    refused(
        "{\"restartsThreshold\": {\"count\": -1}}",
        "restartsThreshold.count",
        "'-1' is not a whole number from 1 to 10000");
    refused(
        "{\"restartsThreshold\": {\"count\": 3, \"per\": \"1m\"}}",
        "restartsThreshold.per",
        "unknown field; known are [count, within]");
    refused("{\"enabled\": \"yes\"}", "enabled", "true or false");
    refused("[]", "$", "a recovery policy is a JSON object");
  }

  @Test
  void theBackoffDoublesPerAttemptUpToItsMaximum() {
    RecoveryPolicy p =
        new RecoveryPolicy(
            true,
            RestoreFrom.CHECKPOINT,
            6,
            Duration.ofSeconds(10),
            Duration.ofSeconds(45),
            Duration.ofMinutes(5),
            5,
            Duration.ofMinutes(10),
            Duration.ZERO);

    assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(45));
    assertThat(p.backoff(100)).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void theTiersDefaultsRecoverP0AndP1JobsOnly() {
    assertThat(RecoveryPolicy.defaultFor(Tier.P0).enabled()).isTrue();
    assertThat(RecoveryPolicy.defaultFor(Tier.P0).maxAttempts()).isEqualTo(5);
    assertThat(RecoveryPolicy.defaultFor(Tier.P1).enabled()).isTrue();
    assertThat(RecoveryPolicy.defaultFor(Tier.P1).maxAttempts()).isEqualTo(3);
    assertThat(RecoveryPolicy.defaultFor(Tier.P2).enabled()).isFalse();
  }
}
