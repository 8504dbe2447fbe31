package dev.sluice.functions.format;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.BigIntegerNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.BooleanNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.DecimalNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.DoubleNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.IntNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.LongNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.TextNode;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * Reads one event into a row in one streaming pass: each column from its path, converted leniently;
 * fields no path goes through are skipped without being parsed into values.
 */
final class SluiceJsonDeserializer implements DeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  /** A column's conversion from a JSON value (never null, never a JSON null) to Flink's data. */
  private interface Converter extends Serializable {
    Object convert(JsonNode node);
  }

  private final String[] paths;
  private final int errorIndex;
  private final Converter[] converters;

  /** Columns that take a JSON number as its text, and those that take it exactly (DECIMAL). */
  private final boolean[] numberAsText;

  private final boolean[] numberExact;
  private final TypeInformation<RowData> producedType;
  private transient ObjectMapper mapper;

  /** Built here, so that a path it cannot follow is refused before the job starts. */
  private final PathTree root;

  SluiceJsonDeserializer(
      RowType rowType, String[] paths, int errorIndex, TypeInformation<RowData> producedType) {
    this(rowType, paths, errorIndex, producedType, ZoneOffset.UTC, Set.of());
  }

  /**
   * @param zone the wall-clock time of TIMESTAMP columns and of zone-less text read into
   *     TIMESTAMP_LTZ columns
   * @param epochSeconds the columns whose epoch numbers count seconds, not milliseconds
   */
  SluiceJsonDeserializer(
      RowType rowType,
      String[] paths,
      int errorIndex,
      TypeInformation<RowData> producedType,
      ZoneId zone,
      Set<String> epochSeconds) {
    this.paths = paths;
    this.errorIndex = errorIndex;
    this.producedType = producedType;
    this.converters = new Converter[paths.length];
    this.numberAsText = new boolean[paths.length];
    this.numberExact = new boolean[paths.length];
    for (int i = 0; i < paths.length; i++) {
      LogicalType type = rowType.getFields().get(i).getType();
      RowType.RowField field = rowType.getFields().get(i);
      JsonTimestamps.Unit unit =
          epochSeconds.contains(field.getName())
              ? JsonTimestamps.Unit.SECONDS
              : JsonTimestamps.Unit.MILLISECONDS;
      converters[i] = converter(field, new JsonTimestamps(zone), unit);
      numberAsText[i] = type.is(LogicalTypeFamily.CHARACTER_STRING);
      // Epoch seconds with a fraction keep every digit, not a double's rounding of them.
      numberExact[i] = type.is(LogicalTypeRoot.DECIMAL) || type.is(LogicalTypeFamily.TIMESTAMP);
    }
    this.root = PathTree.of(paths, errorIndex);
  }

  /**
   * A column's value, or NULL when the value does not fit: no event may fail the job, whatever its
   * numbers (1e400 is valid JSON).
   */
  private Object convert(int column, JsonNode value) {
    try {
      return converters[column].convert(value);
    } catch (RuntimeException e) {
      return null;
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
    String error = null;
    if (message == null || message.length == 0) {
      error = "empty message";
    } else {
      try (JsonParser parser = mapper.getFactory().createParser(message)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          error = "not a JSON object";
        } else {
          readObject(parser, root, row);
        }
      } catch (IOException e) {
        error = "not JSON";
      }
    }
    if (error != null) {
      for (int i = 0; i < paths.length; i++) {
        row.setField(i, null);
      }
      if (errorIndex >= 0) {
        row.setField(errorIndex, StringData.fromString(error));
      }
    }
    return row;
  }

  /**
   * Streams through an object (the parser on its START_OBJECT), reading the fields some column's
   * path goes through and skipping the rest unparsed, as Flink's own json format does.
   */
  private void readObject(JsonParser parser, PathTree node, GenericRowData row) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      PathTree child = node.fields.get(parser.currentName());
      parser.nextToken();
      if (child == null) {
        parser.skipChildren();
      } else {
        readValue(parser, child, row);
      }
    }
  }

  private void readValue(JsonParser parser, PathTree node, GenericRowData row) throws IOException {
    JsonToken token = parser.currentToken();
    if (node.columns.length > 0 && token.isStructStart()) {
      // A column reads this object or array whole (as JSON text): take it as a tree, and any
      // deeper columns from the same tree.
      JsonNode tree = mapper.readTree(parser);
      for (int column : node.columns) {
        row.setField(column, convert(column, tree));
      }
      node.readFrom(tree, this, row);
      return;
    }
    for (int column : node.columns) {
      JsonNode value = scalar(parser, token, column);
      row.setField(column, value == null ? null : convert(column, value));
    }
    if (token == JsonToken.START_OBJECT) {
      readObject(parser, node, row);
    } else if (token == JsonToken.START_ARRAY) {
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        PathTree child = node.indexes.get(index++);
        if (child == null) {
          parser.skipChildren();
        } else {
          readValue(parser, child, row);
        }
      }
    }
  }

  /**
   * A scalar token as a small value node for a column; null for JSON null. A number keeps its
   * written text for a STRING column and all its digits for a DECIMAL one.
   */
  private JsonNode scalar(JsonParser parser, JsonToken token, int column) throws IOException {
    if (token.isNumeric() && numberAsText[column]) {
      return TextNode.valueOf(parser.getText());
    }
    return switch (token) {
      case VALUE_STRING -> TextNode.valueOf(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> IntNode.valueOf(parser.getIntValue());
            case LONG -> LongNode.valueOf(parser.getLongValue());
            default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT ->
          numberExact[column]
              ? DecimalNode.valueOf(parser.getDecimalValue())
              : DoubleNode.valueOf(parser.getDoubleValue());
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      default -> null;
    };
  }

  /** The columns' paths as a tree: which fields and array elements lead to which columns. */
  private static final class PathTree implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, PathTree> fields = new HashMap<>();
    final Map<Integer, PathTree> indexes = new HashMap<>();
    int[] columns = new int[0];

    static PathTree of(String[] paths, int errorIndex) {
      PathTree root = new PathTree();
      for (int i = 0; i < paths.length; i++) {
        if (i == errorIndex) {
          continue;
        }
        PathTree node = root;
        Matcher m = SEGMENT.matcher(paths[i]);
        int at = 1;
        boolean valid = paths[i].startsWith("$");
        while (valid && at < paths[i].length() && m.find(at) && m.start() == at) {
          if (m.group(1) != null) {
            node = node.fields.computeIfAbsent(m.group(1), k -> new PathTree());
          } else {
            int index;
            try {
              index = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
              break;
            }
            node = node.indexes.computeIfAbsent(index, k -> new PathTree());
          }
          at = m.end();
        }
        if (!valid || at != paths[i].length() || node == root) {
          throw new ValidationException(
              "sluice-json cannot follow the path '"
                  + paths[i]
                  + "': use $.field, $.a.b or $.items[0].sku");
        }
        node.columns = java.util.Arrays.copyOf(node.columns, node.columns.length + 1);
        node.columns[node.columns.length - 1] = i;
      }
      return root;
    }

    /** Sets the columns below this node from a tree already read. */
    void readFrom(JsonNode tree, SluiceJsonDeserializer d, GenericRowData row) {
      fields.forEach((name, child) -> child.set(tree.get(name), d, row));
      indexes.forEach((index, child) -> child.set(tree.isArray() ? tree.get(index) : null, d, row));
    }

    private void set(JsonNode value, SluiceJsonDeserializer d, GenericRowData row) {
      if (value == null || value.isNull() || value.isMissingNode()) {
        return;
      }
      for (int column : columns) {
        row.setField(column, d.convert(column, value));
      }
      readFrom(value, d, row);
    }
  }

  private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

  @Override
  public boolean isEndOfStream(RowData next) {
    return false;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }

  private static Converter converter(
      RowType.RowField field, JsonTimestamps timestamps, JsonTimestamps.Unit unit) {
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
      case TIMESTAMP_WITHOUT_TIME_ZONE -> {
        int precision = ((TimestampType) type).getPrecision();
        yield node -> timestamps.local(node, unit, precision);
      }
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
        int precision = ((LocalZonedTimestampType) type).getPrecision();
        yield node -> timestamps.instant(node, unit, precision);
      }
      default ->
          throw new ValidationException(
              "sluice-json cannot read column "
                  + field.getName()
                  + " of type "
                  + type
                  + ": use STRING, BOOLEAN, a number type, DECIMAL, TIMESTAMP or TIMESTAMP_LTZ");
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

  /**
   * A number from a JSON number or a text of one; else null. Absurd magnitudes (beyond 1e±400,
   * outside any column's range) are null before anything expands their digits.
   */
  private static BigDecimal decimal(JsonNode node) {
    BigDecimal d = null;
    if (node.isNumber()) {
      d = node.decimalValue();
    } else if (node.isTextual()) {
      try {
        d = new BigDecimal(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (d == null || d.signum() == 0) {
      return d;
    }
    long exponent = (long) d.precision() - d.scale();
    return exponent > 400 || exponent < -400 ? null : d;
  }
}
