package dev.sluice.functions.format;

import dev.sluice.functions.JsonPaths;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/** Reads one event into a row: one JSON parse, each column from its path, converted leniently. */
final class SluiceJsonDeserializer implements DeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT);

  /** A column's conversion from a JSON value (never null, never a JSON null) to Flink's data. */
  private interface Converter extends Serializable {
    Object convert(JsonNode node);
  }

  private final String[] paths;
  private final int errorIndex;
  private final Converter[] converters;
  private final TypeInformation<RowData> producedType;
  private transient ObjectMapper mapper;

  SluiceJsonDeserializer(
      RowType rowType, String[] paths, int errorIndex, TypeInformation<RowData> producedType) {
    this.paths = paths;
    this.errorIndex = errorIndex;
    this.producedType = producedType;
    this.converters = new Converter[paths.length];
    for (int i = 0; i < paths.length; i++) {
      converters[i] = converter(rowType.getFields().get(i));
    }
  }

  @Override
  public void open(InitializationContext context) {
    mapper = new ObjectMapper();
  }

  @Override
  public RowData deserialize(byte[] message) {
    if (mapper == null) {
      mapper = new ObjectMapper();
    }
    GenericRowData row = new GenericRowData(paths.length);
    JsonNode root = null;
    String error = null;
    if (message == null || message.length == 0) {
      error = "empty message";
    } else {
      try {
        root = mapper.readTree(message);
        if (root == null || !root.isObject()) {
          error = "not a JSON object";
          root = null;
        }
      } catch (IOException e) {
        error = "not JSON";
      }
    }
    for (int i = 0; i < paths.length; i++) {
      if (i == errorIndex) {
        row.setField(i, error == null ? null : StringData.fromString(error));
      } else if (root != null) {
        JsonNode node = JsonPaths.at(root, paths[i]);
        row.setField(
            i,
            node == null || node.isNull() || node.isMissingNode()
                ? null
                : converters[i].convert(node));
      }
    }
    return row;
  }

  @Override
  public boolean isEndOfStream(RowData next) {
    return false;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }

  private static Converter converter(RowType.RowField field) {
    LogicalType type = field.getType();
    return switch (type.getTypeRoot()) {
      case CHAR, VARCHAR -> node -> StringData.fromString(text(node));
      case BOOLEAN ->
          node -> {
            if (node.isBoolean()) {
              return node.booleanValue();
            }
            String t = text(node).trim().toLowerCase(Locale.ROOT);
            return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
          };
      case TINYINT -> node -> integral(node, Byte.MIN_VALUE, Byte.MAX_VALUE, Long::byteValue);
      case SMALLINT -> node -> integral(node, Short.MIN_VALUE, Short.MAX_VALUE, Long::shortValue);
      case INTEGER -> node -> integral(node, Integer.MIN_VALUE, Integer.MAX_VALUE, Long::intValue);
      case BIGINT -> node -> integral(node, Long.MIN_VALUE, Long.MAX_VALUE, l -> l);
      case FLOAT ->
          node -> {
            BigDecimal d = decimal(node);
            return d == null ? null : d.floatValue();
          };
      case DOUBLE ->
          node -> {
            if (node.isNumber()) {
              return node.doubleValue();
            }
            BigDecimal d = decimal(node);
            return d == null ? null : d.doubleValue();
          };
      case DECIMAL -> {
        DecimalType decimal = (DecimalType) type;
        int precision = decimal.getPrecision();
        int scale = decimal.getScale();
        yield node -> {
          BigDecimal d = decimal(node);
          // Null when the value does not fit the precision, as a cast would give.
          return d == null ? null : DecimalData.fromBigDecimal(d, precision, scale);
        };
      }
      case TIMESTAMP_WITHOUT_TIME_ZONE ->
          node -> {
            LocalDateTime t = timestamp(node);
            return t == null ? null : TimestampData.fromLocalDateTime(t);
          };
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
          node -> {
            Long millis = integral(node, Long.MIN_VALUE, Long.MAX_VALUE, l -> l);
            return millis == null ? null : TimestampData.fromEpochMillis(millis);
          };
      default ->
          throw new ValidationException(
              "sluice-json cannot read column "
                  + field.getName()
                  + " of type "
                  + type
                  + ": use STRING, BOOLEAN, a number type, DECIMAL, TIMESTAMP or TIMESTAMP_LTZ"
                  + " (epoch milliseconds)");
    };
  }

  /** A value as text; objects and arrays as their JSON. */
  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private interface Narrow<T> extends Serializable {
    T apply(Long value);
  }

  /** A whole number within range, from a JSON integer or a text of one; else null. */
  private static <T> T integral(JsonNode node, long min, long max, Narrow<T> narrow) {
    Long value = null;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.longValue();
    } else if (node.isTextual()) {
      try {
        value = Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return value == null || value < min || value > max ? null : narrow.apply(value);
  }

  /** A number from a JSON number or a text of one; else null. */
  private static BigDecimal decimal(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code 2026-01-01 10:00:00[.123]}, with a space or a 'T', or a date alone; else null. */
  private static LocalDateTime timestamp(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    String t = node.asText().trim().replace('T', ' ');
    try {
      return t.length() == 10
          ? LocalDate.parse(t).atStartOfDay()
          : LocalDateTime.parse(t, TIMESTAMP);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
