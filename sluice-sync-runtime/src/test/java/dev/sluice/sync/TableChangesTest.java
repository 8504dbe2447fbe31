package dev.sluice.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.cdc.debezium.table.RowDataDebeziumDeserializeSchema;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Change records built as Debezium's MySQL connector shapes them (database, table, op, rows). */
class TableChangesTest {
  private static final RowType ORDERS =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("id", DataTypes.INT().notNull()),
                  DataTypes.FIELD("note", DataTypes.STRING()))
              .getLogicalType();
  private static final RowType REFUNDS =
      (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull())).getLogicalType();
  private static final RowType PAYMENTS =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("id", DataTypes.INT().notNull()),
                  DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)))
              .getLogicalType();

  private static DebeziumDeserializationSchema<RowData> reader(RowType type) {
    return RowDataDebeziumDeserializeSchema.newBuilder()
        .setPhysicalRowType(type)
        .setResultTypeInfo(InternalTypeInfo.of(type))
        .build();
  }

  private static TableChanges changes() {
    RowType all =
        (RowType)
            DataTypes.ROW(
                    DataTypes.FIELD("table", DataTypes.INT().notNull()),
                    DataTypes.FIELD("t0", DataTypes.of(ORDERS)),
                    DataTypes.FIELD("t1", DataTypes.of(REFUNDS)),
                    DataTypes.FIELD("t2", DataTypes.of(PAYMENTS)))
                .getLogicalType();
    return new TableChanges(
        List.of("shop.orders", "shop.refunds", "shop.payments"),
        List.of(List.of("id", "note"), List.of("id"), List.of("id", "amount")),
        List.of(ORDERS.getChildren(), REFUNDS.getChildren(), PAYMENTS.getChildren()),
        List.of(reader(ORDERS), reader(REFUNDS), reader(PAYMENTS)),
        InternalTypeInfo.of(all),
        COMPILED);
  }

  /** When the sync was compiled. */
  private static final long COMPILED = 1_700_000_000_000L;

  private static SourceRecord insert(String table, Map<String, Object> row) {
    return insert(table, row, COMPILED + 1000);
  }

  /**
   * An insert into the table, the row with the given columns (INT id, then STRING others), made in
   * the source at the given time.
   */
  private static SourceRecord insert(String table, Map<String, Object> row, long at) {
    Map<String, Schema> fields = new java.util.LinkedHashMap<>();
    row.keySet()
        .forEach(
            c ->
                fields.put(
                    c, c.equals("id") ? Schema.INT32_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA));
    return insert(table, fields, row, at);
  }

  /** An insert into the table, each column with the Connect schema given. */
  private static SourceRecord insert(
      String table, Map<String, Schema> fields, Map<String, Object> row, long at) {
    SchemaBuilder rowSchema = SchemaBuilder.struct().name("shop." + table + ".Value").optional();
    fields.forEach(rowSchema::field);
    Schema rs = rowSchema.build();
    Schema source =
        SchemaBuilder.struct()
            .name("io.debezium.connector.mysql.Source")
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    Schema envelope =
        SchemaBuilder.struct()
            .name("shop." + table + ".Envelope")
            .field("before", rs)
            .field("after", rs)
            .field("source", source)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct after = new Struct(rs);
    row.forEach(after::put);
    Struct value =
        new Struct(envelope)
            .put("after", after)
            .put(
                "source", new Struct(source).put("db", "shop").put("table", table).put("ts_ms", at))
            .put("op", "c");
    return new SourceRecord(Map.of(), Map.of(), "mysql.shop." + table, envelope, value);
  }

  private static List<RowData> read(TableChanges changes, SourceRecord record) throws Exception {
    List<RowData> out = new ArrayList<>();
    changes.deserialize(
        record,
        new Collector<>() {
          @Override
          public void collect(RowData row) {
            out.add(row);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  @Test
  void eachTablesRowsLandAtTheTablesPlace() throws Exception {
    TableChanges changes = changes();

    java.util.LinkedHashMap<String, Object> order = new java.util.LinkedHashMap<>();
    order.put("id", 7);
    order.put("note", "gift");
    List<RowData> orders = read(changes, insert("orders", order));
    List<RowData> refunds = read(changes, insert("refunds", Map.of("id", 9)));

    assertThat(orders).hasSize(1);
    assertThat(orders.get(0).getRowKind()).isEqualTo(RowKind.INSERT);
    assertThat(orders.get(0).getInt(0)).isZero();
    assertThat(orders.get(0).getRow(1, 2).getInt(0)).isEqualTo(7);
    assertThat(orders.get(0).getRow(1, 2).getString(1).toString()).isEqualTo("gift");
    assertThat(orders.get(0).isNullAt(2)).isTrue();
    assertThat(refunds.get(0).getInt(0)).isEqualTo(1);
    assertThat(refunds.get(0).isNullAt(1)).isTrue();
    assertThat(refunds.get(0).getRow(2, 1).getInt(0)).isEqualTo(9);
  }

  @Test
  void aTableTheSyncDoesNotWriteIsSkipped() throws Exception {
    assertThat(read(changes(), insert("audit", Map.of("id", 1)))).isEmpty();
  }

  @Test
  void anAddedColumnFailsTheJobWithoutRestartsBeforeTheRowIsWritten() {
    java.util.LinkedHashMap<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("id", 7);
    row.put("note", "n");
    row.put("channel", "web");

    assertThatThrownBy(() -> read(changes(), insert("orders", row)))
        .isInstanceOf(SuppressRestartsException.class)
        .cause()
        .isInstanceOf(SchemaChangedException.class)
        .hasMessageStartingWith(SchemaChangedException.PREFIX)
        .hasMessageContaining("table shop.orders added column(s) channel;");
  }

  @Test
  void aDroppedColumnIsNamed() {
    assertThatThrownBy(() -> read(changes(), insert("orders", Map.of("id", 7))))
        .cause()
        .hasMessageContaining("table shop.orders dropped column(s) note;");
  }

  @Test
  void rowsWrittenBeforeTheCompileAreReadWithTheColumnsCompiled() throws Exception {
    // Read again from a checkpoint after the sync was compiled for an added column: the rows of
    // before have the columns of their time.
    List<RowData> older = read(changes(), insert("orders", Map.of("id", 7), COMPILED - 1000));
    assertThat(older).hasSize(1);
    assertThat(older.get(0).getRow(1, 2).getInt(0)).isEqualTo(7);
    assertThat(older.get(0).getRow(1, 2).isNullAt(1)).isTrue();

    java.util.LinkedHashMap<String, Object> wider = new java.util.LinkedHashMap<>();
    wider.put("id", 8);
    wider.put("note", "n");
    wider.put("gone", "x");
    List<RowData> dropped = read(changes(), insert("orders", wider, COMPILED - 1000));
    assertThat(dropped.get(0).getRow(1, 2).getInt(0)).isEqualTo(8);
    assertThat(dropped.get(0).getRow(1, 2).getString(1).toString()).isEqualTo("n");
  }

  /** A payment whose amount has the decimal schema of the given precision and scale. */
  private static SourceRecord payment(int precision, int scale, String amount) {
    Map<String, Schema> fields = new java.util.LinkedHashMap<>();
    fields.put("id", Schema.INT32_SCHEMA);
    fields.put(
        "amount",
        org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal.builder(scale)
            .parameter("connect.decimal.precision", Integer.toString(precision))
            .optional()
            .build());
    java.util.LinkedHashMap<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("id", 1);
    row.put("amount", new java.math.BigDecimal(amount));
    return insert("payments", fields, row, COMPILED + 1000);
  }

  @Test
  void aDecimalOfTheCompiledScaleIsRead() throws Exception {
    List<RowData> rows = read(changes(), payment(10, 2, "12.34"));
    assertThat(rows.get(0).getRow(3, 2).getDecimal(1, 10, 2).toString()).isEqualTo("12.34");
  }

  @Test
  void aDecimalWhoseScaleGrewIsAChangedTypeNotARoundedValue() {
    // DECIMAL(10, 2) read as compiled would round 12.3456 to 12.35 without a word.
    assertThatThrownBy(() -> read(changes(), payment(12, 4, "12.3456")))
        .isInstanceOf(SuppressRestartsException.class)
        .cause()
        .isInstanceOf(SchemaChangedException.class)
        .hasMessageContaining(
            "table shop.payments changed the type of column(s) amount (now DECIMAL(12, 4));");
  }

  @Test
  void anIntegerWidenedPastItsTypeIsAChangedType() {
    Map<String, Schema> fields = new java.util.LinkedHashMap<>();
    fields.put("id", Schema.INT64_SCHEMA);
    assertThatThrownBy(
            () ->
                read(
                    changes(),
                    insert("refunds", fields, Map.of("id", 5_000_000_000L), COMPILED + 1000)))
        .cause()
        .hasMessageContaining("table shop.refunds changed the type of column(s) id (now INT64);");
  }
}
