package dev.sluice.debug.tap;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

/**
 * {@code 'connector' = 'sluice-rows'}: a bounded source replaying the sample rows of a debug run,
 * one per line, parsed by a Flink format ({@code 'format' = 'json'} or {@code 'csv'}), so the table
 * keeps its computed columns, watermark and time attributes and windows fire when the rows are
 * done.
 */
public final class RowsTableFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "sluice-rows";

  static final ConfigOption<String> ROWS =
      ConfigOptions.key("rows").stringType().noDefaultValue().withDescription("rows, one per line");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(ROWS, FactoryUtil.FORMAT);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    DecodingFormat<DeserializationSchema<RowData>> format =
        helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
    helper.validate();
    List<String> rows = helper.getOptions().get(ROWS).lines().filter(l -> !l.isBlank()).toList();
    return new RowsSource(rows, format, context.getPhysicalRowDataType());
  }

  static final class RowsSource implements ScanTableSource {
    private final List<String> rows;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType type;

    RowsSource(
        List<String> rows, DecodingFormat<DeserializationSchema<RowData>> format, DataType type) {
      this.rows = rows;
      this.format = format;
      this.type = type;
    }

    @Override
    public ChangelogMode getChangelogMode() {
      return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
      return SourceFunctionProvider.of(
          new RowsSourceFunction(rows, format.createRuntimeDecoder(context, type)), true);
    }

    @Override
    public DynamicTableSource copy() {
      return new RowsSource(rows, format, type);
    }

    @Override
    public String asSummaryString() {
      return "sample rows (" + rows.size() + ")";
    }
  }
}
