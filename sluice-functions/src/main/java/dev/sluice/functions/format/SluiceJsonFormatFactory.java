package dev.sluice.functions.format;

import java.time.DateTimeException;
import java.time.ZoneId;
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
 *   payer STRING, amount DOUBLE, ts TIMESTAMP_LTZ(3), problem STRING
 * ) WITH (
 *   'connector' = 'kafka', ...,
 *   'format' = 'sluice-json',
 *   'sluice-json.paths' = 'payer=$.payer.id;amount=$.amount',   -- others: $.column
 *   'sluice-json.error-column' = 'problem',
 *   'sluice-json.time-zone' = 'Asia/Shanghai',                  -- of wall-clock times
 *   'sluice-json.epoch-seconds' = 'ts'                          -- others: milliseconds
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

  public static final ConfigOption<String> TIME_ZONE =
      ConfigOptions.key("time-zone")
          .stringType()
          .defaultValue("UTC")
          .withDescription(
              "The zone of wall-clock times: a TIMESTAMP column holds an instant (zoned text, an"
                  + " epoch number) as its time in this zone, and zone-less text read into a"
                  + " TIMESTAMP_LTZ column is read as a time in this zone.");

  public static final ConfigOption<List<String>> EPOCH_SECONDS =
      ConfigOptions.key("epoch-seconds")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription(
              "TIMESTAMP and TIMESTAMP_LTZ columns, separated by ';', whose epoch numbers count"
                  + " seconds; epoch numbers of the others count milliseconds.");

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
    return new HashSet<>(List.of(PATHS, ERROR_COLUMN, TIME_ZONE, EPOCH_SECONDS));
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
    ZoneId zone = zone(formatOptions.get(TIME_ZONE));
    Set<String> epochSeconds = epochSeconds(formatOptions.get(EPOCH_SECONDS), schema);
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
            rowType,
            columnPaths,
            errorIndex,
            source.createTypeInformation(physicalDataType),
            zone,
            epochSeconds);
      }

      @Override
      public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
      }
    };
  }

  /** The columns of epoch seconds, each a physical TIMESTAMP or TIMESTAMP_LTZ column. */
  static Set<String> epochSeconds(List<String> columns, ResolvedSchema schema) {
    Set<String> out = new HashSet<>();
    for (String column : columns) {
      if (column.isBlank()) {
        continue;
      }
      String name = column.trim();
      if (schema
          .getColumn(name)
          .filter(Column::isPhysical)
          .filter(c -> c.getDataType().getLogicalType().is(LogicalTypeFamily.TIMESTAMP))
          .isEmpty()) {
        throw new ValidationException(
            "sluice-json.epoch-seconds names '"
                + name
                + "', which is not a physical TIMESTAMP or TIMESTAMP_LTZ column");
      }
      out.add(name);
    }
    return out;
  }

  static ZoneId zone(String id) {
    try {
      return ZoneId.of(id.trim());
    } catch (DateTimeException e) {
      throw new ValidationException(
          "sluice-json.time-zone: '" + id + "' is not a time zone, e.g. UTC or Asia/Shanghai");
    }
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
