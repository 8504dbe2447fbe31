package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricCompilerTest {
  static String payments() throws IOException {
    try (InputStream in = MetricCompilerTest.class.getResourceAsStream("/payments.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> problems(String yaml) {
    try {
      MetricCompiler.compile(Definitions.parse(yaml));
    } catch (DefinitionException e) {
      return e.problems().stream().map(DefinitionException.Problem::toString).toList();
    }
    return List.of();
  }

  @Test
  void metricsOfOneWindowFuseIntoOneAggregation() throws IOException {
    MetricCompiler.Compiled c = MetricCompiler.compile(Definitions.parse(payments()));
    assertThat(c.windows())
        .containsOnlyKeys("tumble_1m", "hop_10m_1m", "cumulate_1d_1m", "session_30m", "unbounded");
    assertThat(c.windows().get("tumble_1m"))
        .containsExactly("tx_count", "amount_sum", "big_tx", "payers", "p99", "big_share");
    String script = c.script();
    assertThat(script)
        .contains("SET 'table.local-time-zone' = 'Asia/Shanghai';")
        .contains("COUNT(*) FILTER (WHERE amount >= 1000) AS `big_tx`")
        .contains("APPROX_PERCENTILE(CAST(`amount` AS DOUBLE), 0.99) AS `p99`")
        .contains(
            "CAST(CAST(`big_tx` AS DOUBLE) / CAST(`tx_count` AS DOUBLE) AS DOUBLE) AS `big_share`")
        .contains(
            "TABLE(HOP(TABLE `prepared`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE, INTERVAL '10' MINUTE))")
        .contains(
            "TABLE(CUMULATE(TABLE `prepared`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE, INTERVAL '1' DAY))")
        .contains(
            "SESSION(TABLE `prepared` PARTITION BY `merchant_id`, DESCRIPTOR(`event_time`), INTERVAL '30' MINUTE)")
        .contains("-- @name: tumble_1m__print")
        .contains("-- @name: malformed__print")
        .contains("WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND");
    // One aggregation per window and sink: five windows, one sink, plus the malformed counter.
    assertThat(script.split("INSERT INTO", -1)).hasSize(7);
    // Each statement knows where in the definition it came from (the ';' separating a source's
    // paths in its options ends no statement).
    assertThat(c.statements()).containsValue("metrics[0]").containsValue("sources[0]");
    assertThat(c.statements().get(2)).isEqualTo("sources[0]");
    assertThat(c.statements().get(3)).isEqualTo("sources");
    assertThat(c.statements()).hasSize(script.split(";\n", -1).length - 1);
  }

  @Test
  void perMetricLayoutNamesEveryStatementAfterItsMetric() throws IOException {
    String yaml =
        payments()
            .replace("timeZone: Asia/Shanghai", "timeZone: Asia/Shanghai\nlayout: per_metric")
            .replace(
                "  - {type: print}",
                "  - {type: print}\n  - {name: dw, type: jdbc, url: \"jdbc:postgresql://db/dw\", table: risk}\n"
                    + "  - {name: lake, type: paimon, warehouse: \"file:///lake/\"}");
    MetricCompiler.Compiled c = MetricCompiler.compile(Definitions.parse(yaml));
    String script = c.script();
    // Every metric of the 1-minute window is its own statement, per sink.
    for (String m : List.of("tx_count", "amount_sum", "big_tx", "payers", "p99")) {
      assertThat(script)
          .contains("-- @name: " + m + "__tumble_1m__print")
          .contains("-- @name: " + m + "__tumble_1m__dw");
    }
    // A derived metric aggregates its inputs itself and writes only its own column.
    assertThat(script)
        .contains("-- @name: big_share__tumble_1m__dw")
        .contains(
            "CREATE TABLE `out_tumble_1m_big_share_dw` (\n"
                + "  `merchant_id` STRING,\n"
                + "  `window_start` TIMESTAMP(3),\n"
                + "  `window_end` TIMESTAMP(3),\n"
                + "  `big_share` DOUBLE,\n"
                + "  PRIMARY KEY (`merchant_id`, `window_start`, `window_end`) NOT ENFORCED");
    // The database table is shared: each metric upserts its own column of the same rows.
    assertThat(script.split("'table-name' = 'risk_tumble_1m'", -1)).hasSize(7);
    // Print (and Kafka) results have no partial update: one identifier (topic) per metric.
    assertThat(script).contains("'print-identifier' = 'payments_risk.tumble_1m.p99'");
    // A Paimon table per metric and window, keyed by the group's keys and the window.
    assertThat(script)
        .contains(
            "  'connector' = 'paimon',\n"
                + "  'path' = 'file:///lake/default.db/payments_risk_tumble_1m_p99',\n"
                + "  'auto-create' = 'true'");
    assertThat(problems(yaml.replace("warehouse: \"file:///lake/\"", "table: lake")))
        .containsExactly(
            "sinks[2].warehouse: required: the directory or object store URI holding the tables");
    assertThat(c.windows().get("tumble_1m"))
        .containsExactly("tx_count", "amount_sum", "big_tx", "payers", "p99", "big_share");
    // Statements point at the metric they compute.
    assertThat(c.statements()).containsValue("metrics[5]").containsValue("derived[0]");
    assertThat(problems(yaml.replace("layout: per_metric", "layout: each")))
        .containsExactly(
            "layout: fused (one aggregation per window) or per_metric (one statement per metric)");
  }

  @Test
  void mistakesAreReportedWithTheirPath() throws IOException {
    String yaml =
        payments()
            .replace(
                "windows: [{type: tumble, size: 1min}]\n  - name: payers\n",
                "windows: [{type: tumble, size: 1min, gap: 5min}]\n  - name: payers\n")
            .replace("percentile: 0.99", "percentile: 1.5")
            .replace("input: amount_yuan", "input: nothing")
            .replace("size: 10min, slide: 1min", "size: 10min, slide: 3min")
            .replace(
                "{name: big_share, expr: \"big_tx / tx_count\"}",
                "{name: big_share, expr: \"again * 2\"}\n  - {name: again, expr: \"big_share + tx_count\"}")
            .replace("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus")
            .replace(
                "input: payer_id\n    windows: [{type: tumble",
                "input: province\n    windows: [{type: tumble");
    assertThat(problems(yaml))
        .contains(
            "timeZone: unknown time zone 'Mars/Olympus'",
            "metrics[0].windows[1].slide: must divide the size (10m)",
            "metrics[2].windows[0].gap: not used by a tumble window",
            "metrics[5].percentile: a rank between 0 and 1 exclusive, e.g. 0.99",
            "metrics[7].input: no field named nothing")
        .anyMatch(
            p ->
                p.startsWith(
                    "derived[0].expr: a cycle of derived metrics: big_share -> again -> big_share"));
  }

  @Test
  void aggregationsAreCheckedAgainstTheirInputType() throws IOException {
    String yaml =
        payments()
            .replace(
                "aggregation: sum\n    input: amount\n", "aggregation: sum\n    input: channel\n");
    assertThat(problems(yaml))
        .contains("metrics[1].aggregation: sum needs a numeric input; channel is STRING");
  }

  @Test
  void unknownFieldsAndTypesAreNamedByPath() throws IOException {
    assertThat(problems(payments().replace("lateness: 5s", "lateness: 5s, colour: red")))
        .containsExactly("eventTime.colour: unknown field");
    assertThat(problems(payments().replace("type: DOUBLE}", "type: FLOAT}")))
        .containsExactly(
            "sources[0].fields[4].type: STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s) or TIMESTAMP");
    assertThat(problems("name: [unclosed"))
        .hasSize(1)
        .allMatch(p -> p.startsWith("$: not valid YAML"));
  }

  @Test
  void theSchemaIsCheckedAndItsMistakesComeWithTheCompilersInOneAnswer() throws IOException {
    // Examples shipped with Sluice fit the schema, and so does a stored version (absent fields as
    // nulls).
    assertThat(problems(payments())).isEmpty();
    assertThat(problems(Definitions.toJson(Definitions.parse(payments())))).isEmpty();
    List<String> found =
        problems(
            payments()
                .replace("percentile: 0.99", "percentile: 99")
                .replace("size: 1min}, {type: hop", "size: soon}, {type: hop")
                .replace("slide: 1min", "slide: 3min")
                .replace("  - name: tx_count\n", "  - name: Tx-Count\n"));
    assertThat(found)
        .contains(
            "metrics[5].percentile: a rank between 0 and 1 exclusive, e.g. 0.99",
            "metrics[0].windows[0].size: a duration such as 1min",
            "metrics[0].windows[1].slide: must divide the size (10m)",
            "metrics[0].name: a lower-case name");
    assertThat(
            problems(
                payments()
                    .replace(
                        "    aggregation: count\n    windows",
                        "    aggregation: tally\n    windows")))
        .anyMatch(p -> p.startsWith("metrics[0].aggregation: one of"));
    assertThat(
            problems(payments().replaceFirst("eventTime: \\{field: event_ms, lateness: 5s}\n", "")))
        .contains("eventTime: required");
    assertThat(problems(payments().replace("input: payer_id", "input: [payer_id]")))
        .anyMatch(p -> p.startsWith("metrics[3].input: "));
  }

  @Test
  void valuesAreReadAsTheSchemaSpellsThem() throws IOException {
    String yaml =
        payments()
            .replace("aggregation: sum", "aggregation: SUM")
            .replace(
                "{type: tumble, size: 1min}, {type: hop",
                "{type: TUMBLE, size: ' 1MIN'}, {type: hop")
            .replace(
                "startFrom: earliest}",
                "startFrom: earliest, properties: {max.poll.records: 500}}");
    MetricGroup g = Definitions.parse(yaml);
    assertThat(g.metrics().get(1).aggregation()).isEqualTo("sum");
    assertThat(g.metrics().get(0).windows().get(0).size()).isEqualTo("1min");
    assertThat(g.sources().get(0).kafka().properties()).containsEntry("max.poll.records", "500");
    assertThat(MetricCompiler.compile(g).script())
        .contains("'properties.max.poll.records' = '500'");
  }

  @Test
  void eventsWithoutEveryKeyAreLeftOutOfKeyedResults() throws IOException {
    String script = MetricCompiler.compile(Definitions.parse(payments())).script();
    assertThat(script)
        .contains(
            "FROM TABLE(TUMBLE(TABLE `prepared`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))\n"
                + "WHERE `merchant_id` IS NOT NULL\n"
                + "GROUP BY `merchant_id`, window_start, window_end");
  }

  @Test
  void statementsAreCountedByTheEnginesRules() throws IOException {
    assertThat(
            MetricCompiler.Script.terminators(
                "SELECT 1 /* don't; count */ FROM t WHERE a = 'x;y' AND `b;c` = \"d;\"; -- e;f\nSET x;"))
        .isEqualTo(2);
    // A filter with a quote in a comment still points problems at the right statements.
    String yaml =
        payments()
            .replace(
                "- \"amount IS NOT NULL\"", "- \"amount IS NOT NULL /* don't count refunds */\"");
    MetricCompiler.Compiled c = MetricCompiler.compile(Definitions.parse(yaml));
    assertThat(c.statements()).hasSize(c.script().split(";\n", -1).length - 1);
  }

  @Test
  void sinkNamesThatWouldClashWithMetricTablesAreRefused() throws IOException {
    String yaml =
        payments()
            .replace("timeZone: Asia/Shanghai", "timeZone: Asia/Shanghai\nlayout: per_metric")
            .replace(
                "  - name: big_tx\n",
                "  - name: amount_sum_x\n    aggregation: count\n    windows: [{type: tumble, size: 1min}]\n  - name: big_tx\n")
            .replace(
                "  - {type: print}", "  - {name: x_dw, type: print}\n  - {name: dw, type: print}")
            .replace(
                "  - name: amount_sum\n",
                "  - name: amount_sum_x_dw_unused\n    aggregation: count\n    windows: [{type: tumble, size: 1min}]\n  - name: amount_sum\n");
    assertThat(problems(yaml))
        .anyMatch(p -> p.startsWith("sinks[1].name: its tables would be named like"));
  }

  @Test
  void theSchemaDescribesEveryFieldOfTheModel() {
    String schema = Schema.json();
    for (Class<?> type : MetricGroup.class.getDeclaredClasses()) {
      if (type.isRecord()) {
        for (RecordComponent c : type.getRecordComponents()) {
          assertThat(schema)
              .as(type.getSimpleName() + "." + c.getName())
              .contains("\"" + c.getName() + "\"");
        }
      }
    }
    for (RecordComponent c : MetricGroup.class.getRecordComponents()) {
      assertThat(schema).contains("\"" + c.getName() + "\"");
    }
  }
}
