package dev.sluice.sync;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the rows of all tables of a sync ({@link TableChanges}) into one side output per table,
 * each row with its change's kind.
 */
public final class TableRouter extends ProcessFunction<RowData, Row> {
  private static final long serialVersionUID = 1L;

  private final List<DataType> types;
  private final List<OutputTag<Row>> outputs;
  private transient List<DataStructureConverter<Object, Object>> converters;

  /**
   * @param types each table's row type
   * @param outputs each table's side output
   */
  public TableRouter(List<DataType> types, List<OutputTag<Row>> outputs) {
    if (types.size() != outputs.size()) {
      throw new IllegalArgumentException("one output per table");
    }
    this.types = new ArrayList<>(types);
    this.outputs = new ArrayList<>(outputs);
  }

  @Override
  public void open(OpenContext context) {
    ClassLoader loader = getRuntimeContext().getUserCodeClassLoader();
    converters = new ArrayList<>();
    for (DataType type : types) {
      @SuppressWarnings("unchecked")
      DataStructureConverter<Object, Object> converter =
          (DataStructureConverter<Object, Object>) DataStructureConverters.getConverter(type);
      converter.open(loader);
      converters.add(converter);
    }
  }

  @Override
  public void processElement(RowData all, Context context, Collector<Row> out) {
    int number = all.getInt(0);
    int arity = types.get(number).getChildren().size();
    Row row = (Row) converters.get(number).toExternal(all.getRow(number + 1, arity));
    row.setKind(all.getRowKind());
    context.output(outputs.get(number), row);
  }
}
