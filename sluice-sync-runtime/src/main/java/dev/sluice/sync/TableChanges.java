package dev.sluice.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.Collector;

/**
 * Reads the change records of all the tables of a sync, which one CDC source delivers in one
 * stream, into one row type: field 0 is the table's number, field {@code 1 + n} that table's row
 * (the others null), with the change's kind. Each table's columns are converted by the CDC
 * connector's own row reader for that table.
 *
 * <p>A record whose columns are not those the sync was compiled with (a column added or dropped in
 * the source) is never written with the old columns: the job fails at that record, without
 * restarts, with a {@link SchemaChangedException}, so that the platform compiles the sync again
 * against the source as it is now and restores it from its last checkpoint, before that record. The
 * records read again from there that were written before the sync was compiled have the columns of
 * their time: the columns they lack are null, those they have beyond the compiled ones are left
 * out.
 */
public final class TableChanges implements DebeziumDeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final List<String> tables;
  private final List<List<String>> columns;
  private final List<DebeziumDeserializationSchema<RowData>> readers;
  private final TypeInformation<RowData> producedType;
  private final long compiledAt;
  private final List<List<LogicalType>> types;
  private transient Map<String, Integer> numbers;
  private transient Schema[] checked;
  private transient Wrapping wrapping;

  /**
   * @param tables each table as the source names it, {@code schema.table} ({@code database.table}
   *     for MySQL)
   * @param columns each table's column names, in order
   * @param types each table's column types, in order, as compiled
   * @param readers each table's row reader
   * @param producedType the row type of all tables together
   * @param compiledAt when the sync was compiled against the source's tables, epoch milliseconds: a
   *     record written in the source before then may have other columns
   */
  public TableChanges(
      List<String> tables,
      List<List<String>> columns,
      List<List<LogicalType>> types,
      List<DebeziumDeserializationSchema<RowData>> readers,
      TypeInformation<RowData> producedType,
      long compiledAt) {
    if (tables.size() != columns.size()
        || tables.size() != types.size()
        || tables.size() != readers.size()) {
      throw new IllegalArgumentException("one list of columns and types and one reader per table");
    }
    this.tables = new ArrayList<>(tables);
    this.columns = new ArrayList<>();
    columns.forEach(c -> this.columns.add(new ArrayList<>(c)));
    this.types = new ArrayList<>();
    types.forEach(t -> this.types.add(new ArrayList<>(t)));
    this.readers = new ArrayList<>(readers);
    this.producedType = producedType;
    this.compiledAt = compiledAt;
  }

  @Override
  public void deserialize(SourceRecord record, Collector<RowData> out) throws Exception {
    if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) {
      return; // not a row change
    }
    Struct source = value.getStruct("source");
    String schema =
        source.schema().field("schema") != null
            ? source.getString("schema")
            : source.getString("db");
    String table = schema + "." + source.getString("table");
    Integer number = numbers().get(table);
    if (number == null) {
      return; // a table the source reads but the sync does not write
    }
    if (!writtenBeforeCompile(source)) {
      checkColumns(table, number, value.schema());
    }
    Wrapping into = wrapping();
    into.number = number;
    into.out = out;
    readers.get(number).deserialize(record, into);
  }

  /**
   * Whether the change was made in the source before the sync was compiled (a snapshot's rows have
   * no such time: they are read as the table is now).
   */
  private boolean writtenBeforeCompile(Struct source) {
    if (source.schema().field("ts_ms") == null) {
      return false;
    }
    Object ts = source.get("ts_ms");
    return ts instanceof Long millis && millis > 0 && millis < compiledAt;
  }

  private void checkColumns(String table, int number, Schema envelope) {
    if (checked == null) {
      checked = new Schema[tables.size()];
    }
    if (checked[number] == envelope) {
      return; // the connector keeps one schema per table version: this one passed
    }
    Field after = envelope.field("after");
    Field before = envelope.field("before");
    Field row = after != null ? after : before;
    if (row == null) {
      return;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Field f : row.schema().fields()) {
      seen.add(f.name());
    }
    List<String> known = columns.get(number);
    if (seen.equals(new LinkedHashSet<>(known))) {
      List<String> changed = new ArrayList<>();
      for (int i = 0; i < known.size(); i++) {
        String now =
            ColumnTypes.changed(
                types.get(number).get(i), row.schema().field(known.get(i)).schema());
        if (now != null) {
          changed.add(known.get(i) + " (now " + now + ")");
        }
      }
      if (changed.isEmpty()) {
        checked[number] = envelope;
        return;
      }
      throw new SuppressRestartsException(
          new SchemaChangedException(table, List.of(), List.of(), changed));
    }
    List<String> added = new ArrayList<>();
    for (String name : seen) {
      if (!known.contains(name)) {
        added.add(name);
      }
    }
    List<String> dropped = new ArrayList<>();
    for (String name : known) {
      if (!seen.contains(name)) {
        dropped.add(name);
      }
    }
    throw new SuppressRestartsException(
        new SchemaChangedException(table, added, dropped, List.of()));
  }

  private Map<String, Integer> numbers() {
    if (numbers == null) {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < tables.size(); i++) {
        byName.put(tables.get(i), i);
      }
      numbers = byName;
    }
    return numbers;
  }

  private Wrapping wrapping() {
    if (wrapping == null) {
      wrapping = new Wrapping(tables.size());
    }
    return wrapping;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }

  /** Puts a table's row at its place in the row of all tables. */
  private static final class Wrapping implements Collector<RowData> {
    private final int arity;
    int number;
    Collector<RowData> out;

    Wrapping(int tables) {
      this.arity = tables + 1;
    }

    @Override
    public void collect(RowData row) {
      GenericRowData all = new GenericRowData(row.getRowKind(), arity);
      all.setField(0, number);
      all.setField(number + 1, row);
      out.collect(all);
    }

    @Override
    public void close() {}
  }
}
