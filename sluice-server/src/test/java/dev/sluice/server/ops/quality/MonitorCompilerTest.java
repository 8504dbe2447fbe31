package dev.sluice.server.ops.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorCompilerTest {
  private static QualityMonitor monitor(String eventTimeType, List<QualityMonitor.Check> checks) {
    return new QualityMonitor(
        "payments-quality",
        "demo",
        new QualityMonitor.Source(
            "demo_payment_events", "payments", "payments", "localhost:9092", "json", "latest"),
        List.of(
            new QualityMonitor.Column("id", "BIGINT"),
            new QualityMonitor.Column("merchant", "STRING"),
            new QualityMonitor.Column("amount", "DOUBLE"),
            new QualityMonitor.Column("ts", eventTimeType)),
        "ts",
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        checks);
  }

  @Test
  void compilesEveryCheckIntoOneWindowAggregation() {
    String sql =
        MonitorCompiler.compile(
            monitor(
                "TIMESTAMP(3)",
                List.of(
                    new QualityMonitor.Check(
                        CheckType.NULL_RATIO, "merchant", null, null, List.of()),
                    new QualityMonitor.Check(CheckType.RANGE, "amount", 0.0, 100000.0, List.of()),
                    new QualityMonitor.Check(CheckType.FRESHNESS, null, null, null, List.of()),
                    new QualityMonitor.Check(
                        CheckType.DUPLICATE_KEY_RATIO, null, null, null, List.of("id")))),
            "localhost:9092");
    assertThat(sql)
        .isEqualTo(
            """
            SET 'table.local-time-zone' = 'UTC';
            SET 'table.exec.source.idle-timeout' = '10000 ms';

            CREATE TABLE `monitored` (
              `id` BIGINT,
              `merchant` STRING,
              `amount` DOUBLE,
              `ts` TIMESTAMP(3),
              WATERMARK FOR `ts` AS `ts` - INTERVAL '2.000' SECOND
            ) WITH (
              'connector' = 'kafka',
              'topic' = 'payments',
              'properties.bootstrap.servers' = 'localhost:9092',
              'properties.group.id' = 'sluice-quality-payments-quality',
              'scan.startup.mode' = 'latest-offset',
              'format' = 'json',
              'json.ignore-parse-errors' = 'true'
            );

            CREATE TEMPORARY VIEW `timed` AS SELECT * FROM `monitored` WHERE `ts` IS NOT NULL;

            CREATE TABLE `results` (
              `window_start` TIMESTAMP_LTZ(3),
              `window_end` TIMESTAMP_LTZ(3),
              `rows` BIGINT,
              `last_event` TIMESTAMP_LTZ(3),
              `dq_null_ratio.merchant` DOUBLE,
              `dq_out_of_range_ratio.amount` DOUBLE,
              `dq_duplicate_key_ratio.id` DOUBLE
            ) WITH (
              'connector' = 'kafka',
              'topic' = 'sluice.quality.payments-quality',
              'properties.bootstrap.servers' = 'localhost:9092',
              'format' = 'json',
              'json.timestamp-format.standard' = 'ISO-8601'
            );

            INSERT INTO `results`
            SELECT
              CAST(window_start AS TIMESTAMP_LTZ(3)),
              CAST(window_end AS TIMESTAMP_LTZ(3)),
              COUNT(*),
              CAST(MAX(`ts`) AS TIMESTAMP_LTZ(3)),
              CAST(COUNT(*) FILTER (WHERE `merchant` IS NULL) AS DOUBLE) / COUNT(*),
              CAST(COUNT(`amount`) FILTER (WHERE `amount` < CAST('0.0' AS DOUBLE) OR `amount` > CAST('100000.0' AS DOUBLE)) AS DOUBLE) / NULLIF(COUNT(`amount`), 0),
              CAST(COUNT(`id`) - COUNT(DISTINCT `id`) AS DOUBLE) / NULLIF(COUNT(`id`), 0)
            FROM TABLE(TUMBLE(TABLE `timed`, DESCRIPTOR(`ts`), INTERVAL '10.000' SECOND))
            GROUP BY window_start, window_end;
            """);
  }

  @Test
  void anEpochMillisecondEventTimeGetsATimestampColumnToWindowOn() {
    String sql =
        MonitorCompiler.compile(
            monitor(
                "BIGINT",
                List.of(
                    new QualityMonitor.Check(CheckType.RANGE, "amount", null, 5.0, List.of()),
                    new QualityMonitor.Check(
                        CheckType.DUPLICATE_KEY_RATIO,
                        null,
                        null,
                        null,
                        List.of("id", "merchant")))),
            "b:9092");
    assertThat(sql)
        .contains(
            "  `ts` BIGINT,\n"
                + "  `__event_time` AS TO_TIMESTAMP_LTZ(`ts`, 3),\n"
                + "  WATERMARK FOR `__event_time` AS `__event_time` - INTERVAL '2.000' SECOND\n")
        .contains("WHERE `__event_time` IS NOT NULL;")
        .contains("  TO_TIMESTAMP_LTZ(MAX(`ts`), 3),\n")
        .contains("CAST(COUNT(`amount`) FILTER (WHERE `amount` > CAST('5.0' AS DOUBLE)) AS DOUBLE)")
        .contains("`dq_duplicate_key_ratio.id,merchant` DOUBLE\n")
        .contains(
            "COUNT(DISTINCT CONCAT(CAST(CHAR_LENGTH(CAST(`id` AS STRING)) AS STRING), ':',"
                + " CAST(`id` AS STRING), CAST(CHAR_LENGTH(CAST(`merchant` AS STRING)) AS STRING),"
                + " ':', CAST(`merchant` AS STRING)))")
        .contains("DESCRIPTOR(`__event_time`)");
  }

  @Test
  void namesAndValuesAreQuoted() {
    assertThat(QualitySql.identifier("a`b")).isEqualTo("`a``b`");
    assertThat(QualitySql.literal("it's")).isEqualTo("'it''s'");
  }
}
