package dev.sluice.functions.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Event times as producers write them, read in the zone Asia/Shanghai (UTC+8, no daylight saving):
 * 2026-11-24 10:00 there is 2026-11-24T02:00:00Z, epoch 1795485600 seconds.
 */
class SluiceJsonTimestampsTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final long EPOCH_MS = 1795485600000L;

  private static final RowType ROW =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("local", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("instant", DataTypes.TIMESTAMP_LTZ(3)),
                  DataTypes.FIELD("fine", DataTypes.TIMESTAMP(9)),
                  DataTypes.FIELD("fine_ltz", DataTypes.TIMESTAMP_LTZ(9)),
                  DataTypes.FIELD("local_s", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("instant_s", DataTypes.TIMESTAMP_LTZ(3)),
                  DataTypes.FIELD("problem", DataTypes.STRING()))
              .getLogicalType();

  private static final SluiceJsonDeserializer READER =
      new SluiceJsonDeserializer(
          ROW,
          new String[] {"$.t", "$.t", "$.t", "$.t", "$.t", "$.t", "$.problem"},
          6,
          null,
          SHANGHAI,
          Set.of("local_s", "instant_s"));

  private static RowData read(String value) {
    return READER.deserialize(("{\"t\": " + value + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static LocalDateTime local(String iso) {
    return LocalDateTime.parse(iso);
  }

  /** Every written form, the wall-clock time in Shanghai it means, and the instant. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // zone-less: wall-clock time in the group's zone
        "'\"2026-11-24 10:00:00\"'            | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24T10:00:00\"'            | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24T10:00\"'               | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24\"'                     | 2026-11-24T00:00:00     | 2026-11-23T16:00:00Z",
        "'\"2026-11-24 10:00:00.5\"'          | 2026-11-24T10:00:00.500 | 2026-11-24T02:00:00.500Z",
        // zoned: an instant, shown in the group's zone
        "'\"2026-11-24T02:00:00.050Z\"'       | 2026-11-24T10:00:00.050 | 2026-11-24T02:00:00.050Z",
        "'\"2026-11-24 02:00:00Z\"'           | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24T10:00:00+08:00\"'      | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24T10:00:00+0800\"'       | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24T10:00:00+08\"'         | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-23T20:30:00-05:30\"'      | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"2026-11-24T02:00:00.123456789Z\"' | 2026-11-24T10:00:00.123 | 2026-11-24T02:00:00.123Z",
        // epoch milliseconds: a JSON number or its text
        "1795485600000                        | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "'\"1795485600000\"'                  | 2026-11-24T10:00:00     | 2026-11-24T02:00:00Z",
        "1795485600123.9                      | 2026-11-24T10:00:00.123 | 2026-11-24T02:00:00.123Z",
        "0                                    | 1970-01-01T08:00:00     | 1970-01-01T00:00:00Z",
        "-1                                   | 1970-01-01T07:59:59.999 | 1969-12-31T23:59:59.999Z",
      })
  void everyFormLandsOnTheSameTime(String json, String wallClock, String instant) {
    RowData row = read(json);
    assertThat(row.getTimestamp(0, 3)).isEqualTo(TimestampData.fromLocalDateTime(local(wallClock)));
    assertThat(row.getTimestamp(1, 3)).isEqualTo(TimestampData.fromInstant(Instant.parse(instant)));
    assertThat(row.isNullAt(6)).as("a readable event has no problem").isTrue();
  }

  @Test
  void nineFractionalDigitsAreKeptWhereTheColumnHoldsThem() {
    RowData row = read("\"2026-11-24T10:00:00.123456789+08:00\"");
    assertThat(row.getTimestamp(2, 9))
        .isEqualTo(TimestampData.fromLocalDateTime(local("2026-11-24T10:00:00.123456789")));
    assertThat(row.getTimestamp(3, 9))
        .isEqualTo(TimestampData.fromInstant(Instant.parse("2026-11-24T02:00:00.123456789Z")));
    // A TIMESTAMP(3) drops the digits it does not hold (truncated, as a cast does).
    assertThat(row.getTimestamp(0, 3))
        .isEqualTo(TimestampData.fromLocalDateTime(local("2026-11-24T10:00:00.123")));
    assertThat(read("\"2026-11-24 10:00:00.1\"").getTimestamp(2, 9))
        .isEqualTo(TimestampData.fromLocalDateTime(local("2026-11-24T10:00:00.100")));
  }

  @Test
  void epochSecondsWhereTheColumnSaysSo() {
    for (String json : List.of("1795485600", "\"1795485600\"", "\" 1795485600 \"")) {
      RowData row = read(json);
      assertThat(row.getTimestamp(4, 3))
          .as(json)
          .isEqualTo(TimestampData.fromLocalDateTime(local("2026-11-24T10:00:00")));
      assertThat(row.getTimestamp(5, 3))
          .as(json)
          .isEqualTo(TimestampData.fromEpochMillis(EPOCH_MS));
      // The same number in a column of milliseconds is 20 days after 1970.
      assertThat(row.getTimestamp(1, 3)).isEqualTo(TimestampData.fromEpochMillis(1795485600L));
    }
    assertThat(read("1795485600.25").getTimestamp(5, 3))
        .isEqualTo(TimestampData.fromEpochMillis(EPOCH_MS + 250));
    // Text with a date is a date whatever the unit.
    assertThat(read("\"2026-11-24T02:00:00Z\"").getTimestamp(5, 3))
        .isEqualTo(TimestampData.fromEpochMillis(EPOCH_MS));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"yesterday\"'",
        "'\"\"'",
        "'\"2026-13-01 00:00:00\"'",
        "'\"2026-02-30 00:00:00\"'",
        "'\"2026-11-24 25:00:00\"'",
        "'\"2026-11-24 10:00:00.1234567890\"'",
        "'\"2026-11-24 10:00:00+19:00\"'",
        "'\"2026-11-24 10:00:00 +08:00\"'",
        "'\"2026-11-24T10:00:00UTC\"'",
        "'\"24/11/2026 10:00\"'",
        "'\"12.5e3\"'",
        "true",
        "'{\"at\": 1}'",
        "'[1795485600000]'",
        "1e400",
        "'\"1e400\"'",
        "99999999999999999999999999999999999",
      })
  void junkIsNullAndTheEventStillReadable(String json) {
    RowData row = read(json);
    for (int i = 0; i < 6; i++) {
      assertThat(row.isNullAt(i)).as("column " + i).isTrue();
    }
    assertThat(row.isNullAt(6)).as("the event itself was readable").isTrue();
  }

  @Test
  void anUnreadableEventStillSaysWhy() {
    RowData row = READER.deserialize("{\"t\": \"2026-11-24".getBytes(StandardCharsets.UTF_8));
    assertThat(row.getString(6).toString()).isEqualTo("not JSON");
    assertThat(row.isNullAt(0)).isTrue();
  }

  @Test
  void theZoneAndTheColumnsOfEpochSecondsAreChecked() {
    assertThat(SluiceJsonFormatFactory.zone(" Asia/Shanghai ")).isEqualTo(SHANGHAI);
    assertThatThrownBy(() -> SluiceJsonFormatFactory.zone("Mars/Olympus"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "sluice-json.time-zone: 'Mars/Olympus' is not a time zone, e.g. UTC or Asia/Shanghai");
    ResolvedSchema schema =
        ResolvedSchema.of(
            Column.physical("ts", DataTypes.TIMESTAMP_LTZ(3)),
            Column.physical("n", DataTypes.BIGINT()));
    assertThat(SluiceJsonFormatFactory.epochSeconds(List.of("ts", " "), schema))
        .containsExactly("ts");
    assertThatThrownBy(() -> SluiceJsonFormatFactory.epochSeconds(List.of("n"), schema))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "sluice-json.epoch-seconds names 'n', which is not a physical TIMESTAMP or"
                + " TIMESTAMP_LTZ column");
  }
}
