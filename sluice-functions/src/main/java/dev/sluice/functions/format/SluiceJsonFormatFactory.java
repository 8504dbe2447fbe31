package dev.sluice.functions.format;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'format' = 'sluice-json'}: reads each column of a table from a JSON path of the event, in
 * one parse, leniently: a value that does not fit its column's type is NULL rather than a failed
 * job. An event that is not a JSON object is not dropped either: its columns are NULL and the
 * column named by {@code error-column} says why, so a query can count malformed events and skip
 * them.
 *
 * <pre>
 * CREATE TABLE payments (
 *   payer STRING, amount DOUBLE, ts BIGINT, problem STRING
 * ) WITH (
 *   'connector' = 'kafka', ...,
 *   'format' = 'sluice-json',
 *   'sluice-json.paths' = 'payer=$.payer.id;amount=$.amount',   -- others: $.column
 *   'sluice-json.error-column' = 'problem'
 * );
 * </pre>
 */
public final class SluiceJsonFormatFactory implements DeserializationFormatFactory {
  public static final String IDENTIFIER = "sluice-json";

  public static final ConfigOption<List<String>> PATHS =
      ConfigOptions.key("paths")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "column=path pairs separated by ';', e.g. 'payer=$.payer.id;first=$.items[0]'. A"
                  + " column without one is read from $.column.");

  public static final ConfigOption<String> ERROR_COLUMN =
      ConfigOptions.key("error-column")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A STRING column set to why an event could not be read (not JSON, not an object,"
                  + " empty), NULL for a readable one.");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return new HashSet<>(List.of(PATHS, ERROR_COLUMN));
  }

  @Override
  public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
      DynamicTableFactory.Context context, ReadableConfig formatOptions) {
    FactoryUtil.validateFactoryOptions(this, formatOptions);
    Map<String, String> paths = paths(formatOptions.getOptional(PATHS).orElse(List.of()));
    String errorColumn = formatOptions.getOptional(ERROR_COLUMN).orElse(null);
    // Checked against the whole table: a source may read only some of its columns.
    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
    for (String column : paths.keySet()) {
      if (schema.getColumn(column).filter(Column::isPhysical).isEmpty()) {
        throw new ValidationException(
            "sluice-json.paths names '" + column + "', which is not a physical column");
      }
    }
    if (errorColumn != null
        && schema
            .getColumn(errorColumn)
            .filter(c -> c.isPhysical())
            .filter(c -> c.getDataType().getLogicalType().is(LogicalTypeFamily.CHARACTER_STRING))
            .isEmpty()) {
      throw new ValidationException(
          "sluice-json.error-column '" + errorColumn + "' must be a physical STRING column");
    }
    return new DecodingFormat<>() {
      @Override
      public DeserializationSchema<RowData> createRuntimeDecoder(
          DynamicTableSource.Context source, DataType physicalDataType) {
        RowType rowType = (RowType) physicalDataType.getLogicalType();
        List<String> names = rowType.getFieldNames();
        String[] columnPaths = new String[names.size()];
        int errorIndex = -1;
        for (int i = 0; i < names.size(); i++) {
          columnPaths[i] = paths.getOrDefault(names.get(i), "$." + names.get(i));
          if (names.get(i).equals(errorColumn)) {
            errorIndex = i;
          }
        }

        return new SluiceJsonDeserializer(
            rowType, columnPaths, errorIndex, source.createTypeInformation(physicalDataType));
      }

      @Override
      public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
      }
    };
  }

  /** Parses {@code column=path} pairs, refusing what is not one. */
  static Map<String, String> paths(List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : pairs) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String column = eq < 0 ? "" : pair.substring(0, eq).trim();
      String path = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (column.isEmpty() || !path.startsWith("$")) {
        throw new ValidationException(
            "sluice-json.paths: '" + pair + "' is not column=path, e.g. payer=$.payer.id");
      }
      if (out.put(column, path) != null) {
        throw new ValidationException("sluice-json.paths: column " + column + " has two paths");
      }
    }
    return out;
  }
}
