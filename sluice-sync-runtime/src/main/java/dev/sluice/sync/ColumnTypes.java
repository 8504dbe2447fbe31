package dev.sluice.sync;

import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Whether a column's values, as the CDC connector now sends them, no longer fit the type the sync
 * was compiled with: the changes that would otherwise be written wrong without a word (a decimal
 * whose scale or precision grew, converted to the old one or to null; an integer widened past the
 * compiled type; a text column turned into numbers). Conservative on purpose: every type the
 * connectors read keeps its own form here, so that no column of an unchanged table is taken for a
 * changed one.
 */
final class ColumnTypes {
  /** Connect's decimal, as the connectors' shaded Connect names it. */
  private static final String DECIMAL =
      org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal.LOGICAL_NAME;

  private ColumnTypes() {}

  /**
   * @param compiled the column's type in the compiled sync
   * @param field the column's schema in a change record
   * @return what the source sends now, for people ({@code DECIMAL(12, 4)}, {@code INT64}), or null
   *     when the values still fit the compiled type
   */
  static String changed(LogicalType compiled, Schema field) {
    Schema.Type type = field.type();
    boolean decimal = DECIMAL.equals(field.name());
    switch (compiled.getTypeRoot()) {
      case TINYINT, SMALLINT -> {
        return type == Schema.Type.INT32 || type == Schema.Type.INT64 || decimal
            ? describe(field)
            : null;
      }
      case INTEGER -> {
        return type == Schema.Type.INT64 || decimal ? describe(field) : null;
      }
      case BIGINT -> {
        return decimal ? describe(field) : null;
      }
      case DECIMAL -> {
        if (!decimal) {
          return null; // e.g. a variable scale decimal, read as the compiled DECIMAL(38, 18)
        }
        DecimalType d = (DecimalType) compiled;
        Integer scale = number(field.parameters(), "scale");
        Integer precision = number(field.parameters(), "connect.decimal.precision");
        boolean fits =
            (scale == null || scale == d.getScale())
                && (precision == null || precision <= d.getPrecision());
        return fits ? null : describe(field);
      }
      case CHAR, VARCHAR -> {
        return switch (type) {
          case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN -> describe(field);
          default -> null;
        };
      }
      default -> {
        return null;
      }
    }
  }

  private static String describe(Schema field) {
    if (DECIMAL.equals(field.name())) {
      Integer precision = number(field.parameters(), "connect.decimal.precision");
      Integer scale = number(field.parameters(), "scale");
      return "DECIMAL(" + (precision == null ? "?" : precision) + ", " + scale + ")";
    }
    return field.name() == null ? field.type().name() : field.type().name() + " " + field.name();
  }

  private static Integer number(Map<String, String> parameters, String key) {
    if (parameters == null || parameters.get(key) == null) {
      return null;
    }
    try {
      return Integer.valueOf(parameters.get(key));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
