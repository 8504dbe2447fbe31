package dev.sluice.server.jdbc;

import java.sql.Types;
import java.util.Locale;

/**
 * The Flink SQL type a JDBC lookup table's column is declared with, from what {@link
 * java.sql.DatabaseMetaData#getColumns} says of the database's column. The database's own type name
 * decides first (PostgreSQL reports {@code bool} as {@link Types#BIT} and {@code timestamptz} as
 * {@link Types#TIMESTAMP}), the JDBC type after it.
 */
public final class FlinkTypes {
  private static final int MAX_DECIMAL_PRECISION = 38;

  private FlinkTypes() {}

  /**
   * @param typeName the database's type name ({@code TYPE_NAME}: varchar, int4, timestamptz...)
   * @param jdbcType the {@link Types} constant ({@code DATA_TYPE})
   * @param size {@code COLUMN_SIZE}: a decimal's precision
   * @param digits {@code DECIMAL_DIGITS}: a decimal's scale, a time's fractional digits
   * @return the Flink type, or null for a column Flink's JDBC connector cannot read (arrays...)
   */
  public static String of(String typeName, int jdbcType, int size, int digits) {
    String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    switch (name) {
      case "varchar",
          "text",
          "bpchar",
          "char",
          "character",
          "character varying",
          "name",
          "citext",
          "uuid",
          "json",
          "jsonb" -> {
        return "STRING";
      }
      case "int2", "smallint", "smallserial" -> {
        return "SMALLINT";
      }
      case "int4", "int", "integer", "serial" -> {
        return "INT";
      }
      case "int8", "bigint", "bigserial" -> {
        return "BIGINT";
      }
      case "float4", "real" -> {
        return "FLOAT";
      }
      case "float8", "double precision", "double" -> {
        return "DOUBLE";
      }
      case "bool", "boolean" -> {
        return "BOOLEAN";
      }
      case "numeric", "decimal" -> {
        return decimal(size, digits);
      }
      case "date" -> {
        return "DATE";
      }
      case "time", "timetz" -> {
        return "TIME(" + fraction(digits, 0) + ")";
      }
      case "timestamp" -> {
        return "TIMESTAMP(" + fraction(digits, 6) + ")";
      }
      case "timestamptz" -> {
        return "TIMESTAMP_LTZ(" + fraction(digits, 6) + ")";
      }
      case "bytea" -> {
        return "BYTES";
      }
      default -> {
        return ofJdbcType(jdbcType, size, digits);
      }
    }
  }

  private static String ofJdbcType(int jdbcType, int size, int digits) {
    return switch (jdbcType) {
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB ->
          "STRING";
      case Types.BOOLEAN -> "BOOLEAN";
      case Types.BIT -> size <= 1 ? "BOOLEAN" : null;
      case Types.TINYINT -> "TINYINT";
      case Types.SMALLINT -> "SMALLINT";
      case Types.INTEGER -> "INT";
      case Types.BIGINT -> "BIGINT";
      case Types.REAL -> "FLOAT";
      case Types.FLOAT, Types.DOUBLE -> "DOUBLE";
      case Types.NUMERIC, Types.DECIMAL -> decimal(size, digits);
      case Types.DATE -> "DATE";
      case Types.TIME -> "TIME(" + fraction(digits, 0) + ")";
      case Types.TIMESTAMP -> "TIMESTAMP(" + fraction(digits, 6) + ")";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP_LTZ(" + fraction(digits, 6) + ")";
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "BYTES";
      default -> null;
    };
  }

  /**
   * DECIMAL(p,s) as declared; a numeric without a precision (or one beyond Flink's 38 digits) reads
   * as DECIMAL(38,18), Flink's widest with room for fractions.
   */
  private static String decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
      return "DECIMAL(38, 18)";
    }
    return "DECIMAL(" + precision + ", " + scale + ")";
  }

  private static int fraction(int digits, int otherwise) {
    return digits < 0 || digits > 9 ? otherwise : digits;
  }
}
