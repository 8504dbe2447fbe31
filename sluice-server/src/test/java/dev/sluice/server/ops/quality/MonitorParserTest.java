package dev.sluice.server.ops.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MonitorParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<QualityMonitor.Column> PAYMENTS =
      List.of(
          new QualityMonitor.Column("id", "BIGINT"),
          new QualityMonitor.Column("merchant", "STRING"),
          new QualityMonitor.Column("amount", "DOUBLE"),
          new QualityMonitor.Column("ts", "TIMESTAMP(3)"));

  private static final MonitorParser PARSER =
      new MonitorParser(
          (project, job, table) -> {
            if (!job.equals("demo_payment_events")) {
              throw new InvalidFieldException("source.job", "no job '" + job + "'");
            }
            return PAYMENTS;
          },
          "localhost:9092");

  private static final String EXAMPLE =
      """
      {"name": "payments-quality", "project": "demo",
       "source": {"job": "demo_payment_events", "table": "payments", "kafka": {"topic": "payments"}},
       "eventTime": "ts",
       "checks": [{"type": "null_ratio", "column": "merchant"},
                  {"type": "range", "column": "amount", "min": 0, "max": 100000},
                  {"type": "freshness"}, {"type": "volume_vs_previous_day"},
                  {"type": "duplicate_key_ratio", "key": ["id"]}],
       "window": "1m"}
      """;

  private static QualityMonitor parse(String json) {
    return PARSER.parse(JSON.readTree(json), "demo");
  }

  private static void rejects(String json, String field, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidFieldException.class)
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field))
        .hasMessage(field + ": " + message);
  }

  private static String example(String from, String to) {
    assertThat(EXAMPLE).contains(from);
    return EXAMPLE.replace(from, to);
  }

  @Test
  void readsTheExampleWithTheColumnsOfTheJobsTable() {
    QualityMonitor m = parse(EXAMPLE);
    assertThat(m)
        .isEqualTo(
            new QualityMonitor(
                "payments-quality",
                "demo",
                new QualityMonitor.Source(
                    "demo_payment_events",
                    "payments",
                    "payments",
                    "localhost:9092",
                    "json",
                    "latest"),
                PAYMENTS,
                "ts",
                Duration.ZERO,
                Duration.ofMinutes(1),
                List.of(
                    new QualityMonitor.Check(
                        CheckType.NULL_RATIO, "merchant", null, null, List.of()),
                    new QualityMonitor.Check(CheckType.RANGE, "amount", 0.0, 100000.0, List.of()),
                    new QualityMonitor.Check(CheckType.FRESHNESS, null, null, null, List.of()),
                    new QualityMonitor.Check(
                        CheckType.VOLUME_VS_PREVIOUS_DAY, null, null, null, List.of()),
                    new QualityMonitor.Check(
                        CheckType.DUPLICATE_KEY_RATIO, null, null, null, List.of("id")))));
    assertThat(m.jobName()).isEqualTo("quality.payments-quality");
    assertThat(m.resultsTopic()).isEqualTo("sluice.quality.payments-quality");
  }

  @Test
  void whatItStoresReadsBackAsTheSameMonitor() {
    QualityMonitor m = parse(EXAMPLE);
    assertThat(MonitorParser.stored(MonitorJson.write(m, JSON))).isEqualTo(m);
  }

  @Test
  void aMistypedColumnIsNamedWithItsPathAndTheClosestColumn() {
    rejects(
        example("\"column\": \"amount\"", "\"column\": \"amout\""),
        "checks[1].column",
        "no column 'amout' in payments; did you mean 'amount'?");
    rejects(
        example("\"key\": [\"id\"]", "\"key\": [\"id\", \"merchnt\"]"),
        "checks[4].key[1]",
        "no column 'merchnt' in payments; did you mean 'merchant'?");
    rejects(
        example("\"eventTime\": \"ts\"", "\"eventTime\": \"time\""),
        "eventTime",
        "no column 'time' in payments (columns: amount, id, merchant, ts)");
  }

  @Test
  void checksEachFieldOfACheck() {
    rejects(
        example("\"type\": \"freshness\"", "\"type\": \"fresh\""),
        "checks[2].type",
        "'fresh' is not one of null_ratio, range, freshness, volume_vs_previous_day,"
            + " duplicate_key_ratio");
    rejects(
        example("\"column\": \"amount\"", "\"column\": \"merchant\""),
        "checks[1].column",
        "'merchant' is STRING; a range needs a number");
    rejects(
        example("\"min\": 0, \"max\": 100000", "\"min\": 5, \"max\": 1"),
        "checks[1].max",
        "less than min (5.0)");
    rejects(
        example("\"min\": 0, \"max\": 100000", "\"min\": 0, \"key\": [\"id\"]"),
        "checks[1].key",
        "not used by a range check");
    rejects(
        example("\"min\": 0, \"max\": 100000", "\"colour\": 1"),
        "checks[1].colour",
        "unknown field; the fields are [column, key, max, min, type]");
    rejects(
        example(
            "{\"type\": \"freshness\"}", "{\"type\": \"null_ratio\", \"column\": \"merchant\"}"),
        "checks[2]",
        "the same check as checks[0]");
  }

  @Test
  void checksTheSourceAndTheWindow() {
    rejects(
        example("\"job\": \"demo_payment_events\"", "\"job\": \"nope\""),
        "source.job",
        "no job 'nope'");
    rejects(
        example(", \"kafka\": {\"topic\": \"payments\"}", ""),
        "source.kafka",
        "required: {\"topic\": ..., \"bootstrapServers\"?, \"format\"?}");
    rejects(
        example("{\"topic\": \"payments\"}", "{\"topic\": \"payments\", \"format\": \"avro\"}"),
        "source.kafka.format",
        "'avro' is not supported: json is");
    rejects(example("\"window\": \"1m\"", "\"window\": \"2d\""), "window", "between 1s and 1d");
    rejects(
        example("\"window\": \"1m\"", "\"window\": \"1m\", \"colour\": 1"),
        "colour",
        "unknown field; the fields are [checks, eventTime, name, project, schema, source, window]");
  }

  @Test
  void aTopicWithoutAJobGivesItsSchema() {
    QualityMonitor m =
        parse(
            """
            {"name": "raw", "source": {"kafka": {"topic": "raw", "bootstrapServers": "b:9092",
              "startFrom": "earliest"}},
             "schema": [{"name": "k", "type": "string"}, {"name": "t", "type": "BIGINT"}],
             "eventTime": {"column": "t", "lateness": "5s"}, "window": "10s",
             "checks": [{"type": "duplicate_key_ratio", "key": "k"}]}
            """);
    assertThat(m.columns())
        .containsExactly(
            new QualityMonitor.Column("k", "STRING"), new QualityMonitor.Column("t", "BIGINT"));
    assertThat(m.lateness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(m.source().startFrom()).isEqualTo("earliest");
    rejects(
        """
        {"name": "raw", "source": {"kafka": {"topic": "raw"}},
         "schema": [{"name": "k", "type": "STRING"}], "eventTime": "k",
         "checks": [{"type": "freshness"}]}
        """,
        "eventTime",
        "'k' is STRING; event time is a TIMESTAMP(3), TIMESTAMP_LTZ(3) or BIGINT (epoch"
            + " milliseconds) column");
    rejects(
        """
        {"name": "raw", "source": {"kafka": {"topic": "raw"}}, "eventTime": "k",
         "checks": [{"type": "freshness"}]}
        """,
        "schema",
        "the source's columns: [{\"name\": ..., \"type\": ...}], or name the job and table that"
            + " declare them (source.job, source.table)");
  }
}
