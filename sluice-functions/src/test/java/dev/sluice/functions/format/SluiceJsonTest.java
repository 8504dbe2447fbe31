package dev.sluice.functions.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

class SluiceJsonTest {
  private static final RowType ROW =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("payer", DataTypes.STRING()),
                  DataTypes.FIELD("amount", DataTypes.DOUBLE()),
                  DataTypes.FIELD("ts", DataTypes.BIGINT()),
                  DataTypes.FIELD("n", DataTypes.INT()),
                  DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
                  DataTypes.FIELD("d", DataTypes.DECIMAL(5, 2)),
                  DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("items", DataTypes.STRING()),
                  DataTypes.FIELD("problem", DataTypes.STRING()))
              .getLogicalType();

  private static final String[] PATHS = {
    "$.payer.id", "$.amount", "$.ts", "$.n", "$.flag", "$.d", "$.at", "$.items", "$.problem"
  };

  private static RowData read(String message) {
    SluiceJsonDeserializer d = new SluiceJsonDeserializer(ROW, PATHS, 8, null);
    return d.deserialize(message == null ? null : message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyColumnComesFromItsPathInOneRead() {
    RowData row =
        read(
            "{\"payer\": {\"id\": \"p1\"}, \"amount\": \"12.5\", \"ts\": 1767261600000,"
                + " \"n\": \"x\", \"flag\": true, \"d\": 1.234, \"at\": \"2026-01-01T10:00:00.5\","
                + " \"items\": [1, {\"a\": 2}]}");
    assertThat(row.getString(0).toString()).isEqualTo("p1");
    assertThat(row.getDouble(1)).isEqualTo(12.5); // text of a number: read as the number
    assertThat(row.getLong(2)).isEqualTo(1767261600000L);
    assertThat(row.isNullAt(3)).as("not a number: null, like TRY_CAST").isTrue();
    assertThat(row.getBoolean(4)).isTrue();
    assertThat(row.getDecimal(5, 5, 2)).isEqualTo(DecimalData.fromUnscaledLong(123, 5, 2));
    assertThat(row.getTimestamp(6, 3))
        .isEqualTo(
            TimestampData.fromLocalDateTime(LocalDateTime.of(2026, 1, 1, 10, 0, 0, 500_000_000)));
    assertThat(row.getString(7).toString()).isEqualTo("[1,{\"a\":2}]");
    assertThat(row.isNullAt(8)).as("a readable event has no problem").isTrue();
  }

  @Test
  void valuesThatDoNotFitTheirTypeAreNull() {
    RowData row =
        read(
            "{\"amount\": \"lots\", \"ts\": 1.5, \"n\": 3000000000, \"d\": 123456, \"at\": \"noon\"}");
    for (int i = 0; i < 8; i++) {
      assertThat(row.isNullAt(i)).as("column " + i).isTrue();
    }
  }

  @Test
  void unreadableEventsSayWhyInTheErrorColumn() {
    assertThat(read("not json at all").getString(8).toString()).isEqualTo("not JSON");
    assertThat(read("{\"truncated\": ").getString(8).toString()).isEqualTo("not JSON");
    assertThat(read("[1, 2]").getString(8).toString()).isEqualTo("not a JSON object");
    assertThat(read(null).getString(8).toString()).isEqualTo("empty message");
    assertThat(read("not json").isNullAt(0)).isTrue();
  }

  @Test
  void arrayElementsAndWholeObjectsAreReadAndOtherFieldsSkipped() {
    RowType row =
        (RowType)
            DataTypes.ROW(
                    DataTypes.FIELD("first", DataTypes.STRING()),
                    DataTypes.FIELD("second_qty", DataTypes.INT()),
                    DataTypes.FIELD("payer", DataTypes.STRING()),
                    DataTypes.FIELD("payer_id", DataTypes.STRING()))
                .getLogicalType();
    SluiceJsonDeserializer d =
        new SluiceJsonDeserializer(
            row,
            new String[] {"$.items[0].sku", "$.items[1].qty", "$.payer", "$.payer.id"},
            -1,
            null);
    RowData r =
        d.deserialize(
            ("{\"skip\": {\"deep\": [1, {\"x\": 2}]}, \"items\": [{\"sku\": \"a\"},"
                    + " {\"qty\": 3, \"sku\": \"b\"}, {\"qty\": 9}],"
                    + " \"payer\": {\"id\": \"p7\", \"name\": \"Ann\"}, \"after\": true}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.getString(0).toString()).isEqualTo("a");
    assertThat(r.getInt(1)).isEqualTo(3);
    assertThat(r.getString(2).toString()).isEqualTo("{\"id\":\"p7\",\"name\":\"Ann\"}");
    assertThat(r.getString(3).toString()).isEqualTo("p7");
    // Broken after the fields were found: nothing of it is kept.
    RowData broken =
        d.deserialize(
            "{\"payer\": {\"id\": \"p7\"}, \"items\": [".getBytes(StandardCharsets.UTF_8));
    assertThat(broken.isNullAt(3)).isTrue();
  }

  @Test
  void absurdNumbersAreNullNeverAFailedJob() {
    RowData row =
        read("{\"amount\": 1e400, \"d\": \"1e999999999\", \"n\": 1e400, \"payer\": {\"id\": 1e2}}");
    assertThat(row.isNullAt(5)).as("a DECIMAL far out of range").isTrue();
    assertThat(row.isNullAt(3)).isTrue();
    // A number read into a STRING column keeps the text it was written with.
    assertThat(row.getString(0).toString()).isEqualTo("1e2");
    // A DECIMAL keeps every digit of a JSON number, not a double's rounding of it.
    RowType decimal =
        (RowType) DataTypes.ROW(DataTypes.FIELD("d", DataTypes.DECIMAL(20, 2))).getLogicalType();
    RowData exact =
        new SluiceJsonDeserializer(decimal, new String[] {"$.d"}, -1, null)
            .deserialize("{\"d\": 12345678901234567.89}".getBytes(StandardCharsets.UTF_8));
    assertThat(exact.getDecimal(0, 20, 2).toBigDecimal())
        .isEqualByComparingTo("12345678901234567.89");
  }

  @Test
  void pathsThatCannotBeFollowedAreRefusedBeforeTheJobRuns() {
    RowType one =
        (RowType) DataTypes.ROW(DataTypes.FIELD("a", DataTypes.STRING())).getLogicalType();
    for (String path : List.of("$", "$.items[*]", "$['a']", "$.x[99999999999]")) {
      assertThatThrownBy(() -> new SluiceJsonDeserializer(one, new String[] {path}, -1, null))
          .as(path)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("cannot follow the path '" + path + "'");
    }
  }

  @Test
  void pathsAreColumnEqualsPath() {
    assertThat(SluiceJsonFormatFactory.paths(List.of("payer=$.payer.id", " ts = $.ts ")))
        .containsEntry("payer", "$.payer.id")
        .containsEntry("ts", "$.ts");
    assertThatThrownBy(() -> SluiceJsonFormatFactory.paths(List.of("payer:$.payer.id")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'payer:$.payer.id' is not column=path");
    assertThatThrownBy(() -> SluiceJsonFormatFactory.paths(List.of("a=$.x", "a=$.y")))
        .hasMessageContaining("column a has two paths");
  }
}
