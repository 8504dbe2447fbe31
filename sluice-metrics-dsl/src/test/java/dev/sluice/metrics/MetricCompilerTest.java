package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
    MetricGroup group = Definitions.parse(payments());
    MetricCompiler.Compiled c = MetricCompiler.compile(group);
    assertThat(c.windows())
        .containsOnlyKeys("tumble_1m", "hop_10m_1m", "cumulate_1d_1m", "session_30m", "unbounded");
    assertThat(c.windows().get("tumble_1m"))
        .containsExactly("tx_count", "amount_sum", "big_tx", "payers", "p99", "big_share");

    // One aggregation per window and sink, plus the malformed counter, as Flink plans them.
    FlinkPlanner.Planned planned = FlinkPlanner.plan(group);
    assertThat(planned.plans().keySet())
        .containsExactly(
            "tumble_1m__print",
            "hop_10m_1m__print",
            "cumulate_1d_1m__print",
            "session_30m__print",
            "unbounded__print",
            "malformed__print");
    assertThat(planned.window("tumble_1m__print"))
        .isEqualTo("groupBy=[merchant_id], window=[TUMBLE(time_col=[event_time], size=[1 min])]");
    assertThat(planned.window("hop_10m_1m__print"))
        .isEqualTo(
            "groupBy=[merchant_id], window=[HOP(time_col=[event_time], size=[10 min], slide=[1 min])]");
    assertThat(planned.window("cumulate_1d_1m__print"))
        .isEqualTo(
            "groupBy=[merchant_id], window=[CUMULATE(time_col=[event_time], max_size=[1 d], step=[1 min])]");
    assertThat(planned.window("session_30m__print"))
        .isEqualTo(
            "groupBy=[merchant_id], window=[SESSION(time_col=[event_time], gap=[30 min], partition keys=[merchant_id])]");
    assertThat(planned.plan("unbounded__print"))
        .contains(
            "GroupAggregate(groupBy=[merchant_id], select=[merchant_id, SUM($f1) AS running_total])")
        .contains("(amount / 100) AS $f1");
    // Only events with a time, readable, passing the group's filter and with every key count.
    assertThat(planned.plan("tumble_1m__print"))
        .contains(
            "where=[(_malformed IS NULL AND event_ms IS NOT NULL AND amount IS NOT NULL AND merchant_id IS NOT NULL)]")
        // the metric's own filter, and the derived metric as a ratio of DOUBLEs
        .contains("(amount >= 1000) IS TRUE")
        .contains("COUNT(*) FILTER")
        .contains("(CAST(big_tx AS DOUBLE) / CAST(tx_count AS DOUBLE)) AS big_share")
        .contains("APPROX_PERCENTILE(")
        .contains("0.99 AS")
        .contains("watermark=[-(COALESCE(TO_TIMESTAMP_LTZ(event_ms, 3)")
        .contains("5000:INTERVAL SECOND");
    assertThat(planned.plan("malformed__print"))
        .contains("where=[(event_ms IS NULL OR _malformed IS NOT NULL)]");
    assertThat(planned.tables().get("out_tumble_1m_print"))
        .containsExactly(
            "merchant_id STRING",
            "window_start TIMESTAMP(3)",
            "window_end TIMESTAMP(3)",
            "tx_count BIGINT",
            "amount_sum DOUBLE",
            "big_tx BIGINT",
            "payers BIGINT",
            "p99 DOUBLE",
            "big_share DOUBLE");
    assertThat(planned.tables().get("out_unbounded_print"))
        .containsExactly("merchant_id STRING", "running_total DOUBLE");
    assertThat(planned.tables().get("out_session_30m_print")).contains("amount_var DOUBLE");
    assertThat(planned.options().get("src_payments"))
        .containsEntry("format", "sluice-json")
        .containsEntry("sluice-json.time-zone", "Asia/Shanghai")
        .containsEntry("scan.startup.mode", "earliest-offset")
        .containsEntry(
            "sluice-json.paths",
            "payer_id=$.payer.id;province=$.payer.province;merchant_id=$.merchant.id;"
                + "channel=$.channel;amount=$.amount;event_ms=$.ts");
    assertThat(planned.options().get("out_tumble_1m_print"))
        .containsEntry("print-identifier", "payments_risk.tumble_1m");

    // Each statement knows where in the definition it came from (the ';' separating a source's
    // paths in its options ends no statement).
    assertThat(c.statements())
        .containsEntry(1, "timeZone")
        .containsEntry(2, "sources[0]")
        .containsEntry(3, "sources")
        .containsEntry(4, "preprocess")
        .containsEntry(5, "sinks[0]")
        .containsEntry(6, "metrics[0]")
        .hasSize(MetricCompiler.statements(group).size());
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
    MetricGroup group = Definitions.parse(yaml);
    MetricCompiler.Compiled c = MetricCompiler.compile(group);
    FlinkPlanner.Planned planned = FlinkPlanner.plan(group);
    // Every metric of the 1-minute window is its own statement, per sink; these names are what
    // deployed jobs restore their state by.
    List<String> tumble =
        planned.plans().keySet().stream().filter(n -> n.contains("__tumble_1m__")).toList();
    List<String> expected = new java.util.ArrayList<>();
    for (String m : List.of("tx_count", "amount_sum", "big_tx", "payers", "p99", "big_share")) {
      for (String sink : List.of("print", "dw", "lake")) {
        expected.add(m + "__tumble_1m__" + sink);
      }
    }
    assertThat(tumble).containsExactlyElementsOf(expected);
    assertThat(planned.plans()).containsKeys("tx_count__hop_10m_1m__dw", "malformed__lake");
    assertThat(planned.window("p99__tumble_1m__dw"))
        .isEqualTo("groupBy=[merchant_id], window=[TUMBLE(time_col=[event_time], size=[1 min])]");
    assertThat(planned.plan("p99__tumble_1m__dw"))
        .contains("APPROX_PERCENTILE(")
        .doesNotContain("COUNT(");
    // A derived metric aggregates its inputs itself and writes only its own column.
    assertThat(planned.plan("big_share__tumble_1m__dw"))
        .contains("(amount >= 1000) IS TRUE")
        .contains("(CAST(big_tx AS DOUBLE) / CAST(tx_count AS DOUBLE)) AS big_share");
    assertThat(planned.tables().get("out_tumble_1m_big_share_dw"))
        .containsExactly(
            "merchant_id STRING NOT NULL",
            "window_start TIMESTAMP(3) NOT NULL",
            "window_end TIMESTAMP(3) NOT NULL",
            "big_share DOUBLE",
            "PRIMARY KEY [merchant_id, window_start, window_end]");
    // The database table is shared: each metric upserts its own column of the same rows.
    for (String m : List.of("tx_count", "amount_sum", "big_tx", "payers", "p99", "big_share")) {
      assertThat(planned.options().get("out_tumble_1m_" + m + "_dw"))
          .containsEntry("table-name", "risk_tumble_1m")
          .containsEntry("url", "jdbc:postgresql://db/dw");
    }
    // Print (and Kafka) results have no partial update: one identifier (topic) per metric.
    assertThat(planned.options().get("out_tumble_1m_p99_print"))
        .containsEntry("print-identifier", "payments_risk.tumble_1m.p99");
    // A Paimon table per metric and window, keyed by the group's keys and the window.
    String script = c.script();
    assertThat(script)
        .contains(
            "  'connector' = 'paimon',\n"
                + "  'path' = 'file:///lake/default.db/payments_risk_tumble_1m_p99',\n"
                + "  'auto-create' = 'true'");
    assertThat(planned.tables().get("out_tumble_1m_p99_lake"))
        .endsWith("PRIMARY KEY [merchant_id, window_start, window_end]");
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
            "sources[0].fields[4].type: STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s),"
                + " TIMESTAMP or TIMESTAMP_LTZ");
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
    assertThat(FlinkPlanner.plan(g).options().get("src_payments"))
        .containsEntry("properties.max.poll.records", "500");
  }

  @Test
  void eventsWithoutEveryKeyAreLeftOutOfKeyedResults() throws IOException {
    String twoKeys = payments().replace("keys: [merchant_id]", "keys: [merchant_id, channel]");
    FlinkPlanner.Planned planned = FlinkPlanner.plan(Definitions.parse(twoKeys));
    assertThat(planned.plan("tumble_1m__print"))
        .contains("merchant_id IS NOT NULL AND channel IS NOT NULL)]");
    assertThat(planned.window("tumble_1m__print"))
        .startsWith("groupBy=[merchant_id, channel], window=[TUMBLE(");
    // A session is per key: all of them.
    assertThat(planned.window("session_30m__print"))
        .isEqualTo(
            "groupBy=[merchant_id, channel], window=[SESSION(time_col=[event_time], gap=[30 min],"
                + " partition keys=[merchant_id, channel])]");
    // Without keys, every event counts in one result per window.
    String noKeys = payments().replace("keys: [merchant_id]\n", "");
    FlinkPlanner.Planned global = FlinkPlanner.plan(Definitions.parse(noKeys));
    assertThat(global.window("tumble_1m__print")).startsWith("groupBy=[], window=[TUMBLE(");
    assertThat(global.plan("tumble_1m__print")).doesNotContain("merchant_id IS NOT NULL");
  }

  @Test
  void statementsAreCountedByTheEnginesRules() throws IOException {
    assertThat(
            Script.terminators(
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
  void aCommentInAFilterDoesNotSwallowTheRestOfTheStatement() throws IOException {
    String yaml =
        payments()
            .replace("filter: \"amount >= 1000\"", "filter: \"amount >= 1000 -- big ones\"")
            .replace("- \"amount IS NOT NULL\"", "- \"amount IS NOT NULL /* refunds are NULL */\"");
    FlinkPlanner.Planned planned = FlinkPlanner.plan(Definitions.parse(yaml));
    // The metric keeps its filter, the statement every metric after it.
    assertThat(planned.plan("tumble_1m__print"))
        .contains("(amount >= 1000) IS TRUE")
        .contains("APPROX_PERCENTILE(")
        .contains("amount IS NOT NULL AND merchant_id IS NOT NULL");
    assertThat(planned.tables().get("out_tumble_1m_print"))
        .contains("p99 DOUBLE", "big_share DOUBLE");
    assertThat(
            problems(
                payments()
                    .replace("filter: \"amount >= 1000\"", "filter: \"amount >= 1000 /* big\"")))
        .containsExactly(
            "metrics[2].filter: a comment starting at character 16 is not closed with */");
    assertThat(
            problems(
                payments().replace("filter: \"amount >= 1000\"", "filter: \"channel = 'app\"")))
        .containsExactly(
            "metrics[2].filter: a string literal starting at character 11 is not closed: write ''"
                + " for a ' inside it");
  }

  @Test
  void enrichmentColumnsAreQuotedWhateverTheirNames() throws IOException {
    String yaml =
        payments()
            .replace(
                "  filters:\n",
                "  enrich:\n"
                    + "    - name: merchant\n"
                    + "      jdbc: {url: \"jdbc:postgresql://db/crm\", table: \"crm.merchants\"}\n"
                    + "      key: {merchant_id: \"merchant`id\"}\n"
                    + "      fields: [{name: region, type: STRING}]\n"
                    + "  filters:\n")
            .replace("keys: [merchant_id]", "keys: [region]");
    FlinkPlanner.Planned planned = FlinkPlanner.plan(Definitions.parse(yaml));
    assertThat(planned.tables().get("dim_merchant"))
        .containsExactly("merchant`id STRING", "region STRING");
    assertThat(planned.options().get("dim_merchant")).containsEntry("table-name", "crm.merchants");
    assertThat(planned.plan("tumble_1m__print"))
        .contains("LookupJoin(table=[default_catalog.default_database.dim_merchant]")
        .contains("joinType=[LeftOuterJoin]")
        .contains("lookup=[merchant`id=merchant_id]");
    assertThat(planned.window("tumble_1m__print")).startsWith("groupBy=[region], window=[TUMBLE(");
  }

  @Test
  void aPasswordIsASecretReferenceCarriedIntoTheScriptNeverAValue() throws IOException {
    String yaml =
        payments()
            .replace(
                "  filters:\n",
                "  enrich:\n"
                    + "    - name: merchant\n"
                    + "      jdbc: {url: \"jdbc:postgresql://db/crm\", table: merchants,"
                    + " username: crm, password: PASSWORD}\n"
                    + "      key: {merchant_id: id}\n"
                    + "      fields: [{name: region, type: STRING}]\n"
                    + "  filters:\n")
            .replace(
                "  - {type: print}\n",
                "  - {type: print}\n  - {name: dw, type: jdbc, url: \"jdbc:postgresql://db/dw\","
                    + " table: risk, username: dw, password: PASSWORD}\n");
    String message =
        ": a password is not written into a definition: store it as a secret (POST"
            + " /api/v1/secrets {\"name\": \"db_password\", \"value\": ...}) and write"
            + " ${secret:db_password}";
    assertThat(problems(yaml.replace("PASSWORD", "hunter2")))
        .containsExactly(
            "preprocess.enrich[0].jdbc.password" + message, "sinks[1].password" + message);
    assertThat(problems(yaml.replace("PASSWORD", "\"x${secret:dw}\""))).hasSize(2);

    String script =
        MetricCompiler.compile(Definitions.parse(yaml.replace("PASSWORD", "\"${secret:dw}\"")))
            .script();
    assertThat(script).contains("'password' = '${secret:dw}'").doesNotContain("hunter2");
    // An empty password (a database that does not ask for one) needs no secret.
    assertThat(problems(yaml.replace("PASSWORD", "\"\""))).isEmpty();
  }

  @Test
  void metricNamesInStringLiteralsAreNotRewritten() throws IOException {
    // 'big_tx' is 6 characters long; rewritten into a cast of the metric it would not be, and the
    // planner would fold the CASE to 0.
    String yaml =
        payments()
            .replace(
                "{name: big_share, expr: \"big_tx / tx_count\"}",
                "{name: big_share, expr: \"CASE WHEN CHAR_LENGTH('big_tx') = 6 THEN big_tx ELSE 0 END"
                    + " / tx_count\"}");
    MetricGroup group = Definitions.parse(yaml);
    assertThat(DefinitionValidator.resolve(group).derivedMetrics().get(0).expr().sql())
        .isEqualTo(
            "CASE WHEN CHAR_LENGTH('big_tx') = 6 THEN CAST(`big_tx` AS DOUBLE) ELSE 0 END"
                + " / CAST(`tx_count` AS DOUBLE)");
    assertThat(FlinkPlanner.plan(group).plan("tumble_1m__print"))
        .contains("(CAST(big_tx AS DOUBLE) / CAST(tx_count AS DOUBLE)) AS big_share");
  }

  @Test
  void eventTimesAreReadInTheFieldsTypeAndUnit() throws IOException {
    String ltz =
        payments()
            .replace(
                "{name: event_ms, path: $.ts, type: BIGINT}",
                "{name: event_ms, path: $.ts, type: TIMESTAMP_LTZ, unit: Seconds}");
    FlinkPlanner.Planned planned = FlinkPlanner.plan(Definitions.parse(ltz));
    assertThat(planned.options().get("src_payments"))
        .containsEntry("sluice-json.epoch-seconds", "event_ms")
        .containsEntry("sluice-json.time-zone", "Asia/Shanghai");
    assertThat(planned.tables().get("src_payments")).contains("event_ms TIMESTAMP_LTZ(3)");
    assertThat(planned.plan("tumble_1m__print"))
        .contains(
            "watermark=[-(COALESCE(event_ms, 1970-01-01 00:00:00:TIMESTAMP_WITH_LOCAL_TIME_ZONE(3))");
    // A wall-clock time is an instant in the group's zone (the session's, which the script sets).
    String local = payments().replace("type: BIGINT}", "type: timestamp}");
    FlinkPlanner.Planned wallClock = FlinkPlanner.plan(Definitions.parse(local));
    assertThat(wallClock.options().get("src_payments"))
        .doesNotContainKey("sluice-json.epoch-seconds");
    assertThat(wallClock.plan("tumble_1m__print"))
        .contains("watermark=[-(COALESCE(CAST(event_ms AS TIMESTAMP_WITH_LOCAL_TIME_ZONE(3))");
    assertThat(problems(payments().replace("type: BIGINT}", "type: BIGINT, unit: seconds}")))
        .containsExactly(
            "sources[0].fields[5].unit: only a TIMESTAMP or TIMESTAMP_LTZ field has one: it says"
                + " what its epoch numbers count");
    assertThat(problems(payments().replace("type: BIGINT}", "type: TIMESTAMP, unit: minutes}")))
        .containsExactly(
            "sources[0].fields[5].unit: milliseconds or seconds: what an epoch number counts");
    assertThat(problems(payments().replace("type: BIGINT}", "type: STRING}")))
        .containsExactly(
            "eventTime.field: a BIGINT (epoch milliseconds), TIMESTAMP or TIMESTAMP_LTZ field, not"
                + " STRING");
  }

  /** Where in the schema each record of the model is described: its object's JSON pointer. */
  private static final Map<Class<?>, String> SCHEMA_PATHS =
      Map.ofEntries(
          Map.entry(MetricGroup.class, ""),
          Map.entry(MetricGroup.Source.class, "/properties/sources/items"),
          Map.entry(MetricGroup.Kafka.class, "/properties/sources/items/properties/kafka"),
          Map.entry(MetricGroup.Field.class, "/properties/sources/items/properties/fields/items"),
          Map.entry(MetricGroup.EventTime.class, "/properties/eventTime"),
          Map.entry(MetricGroup.Preprocess.class, "/properties/preprocess"),
          Map.entry(MetricGroup.Enrich.class, "/properties/preprocess/properties/enrich/items"),
          Map.entry(
              MetricGroup.Jdbc.class,
              "/properties/preprocess/properties/enrich/items/properties/jdbc"),
          Map.entry(
              MetricGroup.Cache.class,
              "/properties/preprocess/properties/enrich/items/properties/cache"),
          Map.entry(MetricGroup.Metric.class, "/properties/metrics/items"),
          Map.entry(MetricGroup.Window.class, "/properties/metrics/items/properties/windows/items"),
          Map.entry(MetricGroup.Derived.class, "/properties/derived/items"),
          Map.entry(MetricGroup.Sink.class, "/properties/sinks/items"));

  @Test
  void theSchemaDescribesEveryFieldOfTheModelWhereTheModelHasIt() {
    JsonNode schema =
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(Schema.json());
    List<Class<?>> records = new java.util.ArrayList<>(List.of(MetricGroup.class));
    for (Class<?> type : MetricGroup.class.getDeclaredClasses()) {
      if (type.isRecord()) {
        records.add(type);
      }
    }
    assertThat(SCHEMA_PATHS.keySet()).containsExactlyInAnyOrderElementsOf(records);
    for (Class<?> type : records) {
      JsonNode object = resolve(schema, schema.at(SCHEMA_PATHS.get(type)));
      assertThat(object.path("type").asString()).as(type.getSimpleName()).isEqualTo("object");
      assertThat(object.path("additionalProperties").asBoolean(true))
          .as(type.getSimpleName() + " refuses unknown fields")
          .isFalse();
      List<String> components =
          java.util.Arrays.stream(type.getRecordComponents())
              .map(RecordComponent::getName)
              .toList();
      List<String> described = new java.util.ArrayList<>(object.path("properties").propertyNames());
      assertThat(described)
          .as("the fields of " + SCHEMA_PATHS.get(type) + " are those of " + type.getSimpleName())
          .containsExactlyInAnyOrderElementsOf(components);
    }
    // Enrichment fields are fields too.
    assertThat(
            resolve(
                schema,
                schema.at(
                    "/properties/preprocess/properties/enrich/items/properties/fields/items")))
        .isEqualTo(resolve(schema, schema.at(SCHEMA_PATHS.get(MetricGroup.Field.class))));
  }

  /** Follows a local {@code $ref}. */
  private static JsonNode resolve(JsonNode schema, JsonNode node) {
    assertThat(node.isMissingNode()).as("a path of the schema").isFalse();
    JsonNode ref = node.get("$ref");
    return ref == null ? node : resolve(schema, schema.at(ref.asString().substring(1)));
  }
}
