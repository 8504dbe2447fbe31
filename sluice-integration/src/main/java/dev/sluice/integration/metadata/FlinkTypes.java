package dev.sluice.integration.metadata;

import java.sql.Types;
import java.util.Locale;

/**
 * The Flink SQL type a source column reads as. {@link #of} is PostgreSQL's (and a JDBC lookup
 * table's): the type a column is declared with, from what {@link
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

  private static final java.util.regex.Pattern MYSQL_TYPE =
      java.util.regex.Pattern.compile(
          "([a-z ]+?)\\s*(?:\\((\\d+)(?:\\s*,\\s*(\\d+))?\\))?\\s*(unsigned)?\\s*(zerofill)?");

  /**
   * The Flink type the MySQL CDC connector reads a MySQL or MariaDB column as, from its {@code
   * COLUMN_TYPE} ({@code int(10) unsigned}, {@code tinyint(1)}, {@code decimal(12,2)}, {@code
   * datetime(3)}, {@code enum('a','b')}); null for a type it cannot read.
   */
  public static String mysql(String columnType) {
    String t = columnType == null ? "" : columnType.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("enum(") || t.startsWith("set(")) {
      return "STRING";
    }
    java.util.regex.Matcher m = MYSQL_TYPE.matcher(t);
    if (!m.matches()) {
      return null;
    }
    String base = m.group(1).trim();
    int n = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
    int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    boolean unsigned = m.group(4) != null;
    return switch (base) {
      case "tinyint" -> n == 1 && !unsigned ? "BOOLEAN" : unsigned ? "SMALLINT" : "TINYINT";
      case "bool", "boolean" -> "BOOLEAN";
      case "smallint" -> unsigned ? "INT" : "SMALLINT";
      case "mediumint" -> "INT";
      case "int", "integer" -> unsigned ? "BIGINT" : "INT";
      case "bigint" -> unsigned ? "DECIMAL(20, 0)" : "BIGINT";
      case "serial" -> "DECIMAL(20, 0)";
      case "float" -> "FLOAT";
      case "double", "double precision", "real" -> "DOUBLE";
      case "decimal", "numeric", "dec", "fixed" ->
          n > MAX_DECIMAL_PRECISION ? "STRING" : decimal(n < 0 ? 10 : n, scale);
      case "date" -> "DATE";
      case "time" -> "TIME(" + fraction(n, 0) + ")";
      case "datetime" -> "TIMESTAMP(" + fraction(n, 0) + ")";
      case "timestamp" -> "TIMESTAMP_LTZ(" + fraction(n, 0) + ")";
      case "year" -> "INT";
      case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json" -> "STRING";
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "BYTES";
      case "bit" -> n <= 1 ? "BOOLEAN" : "BYTES";
      case "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection" ->
          "STRING";
      default -> null;
    };
  }

  /**
   * The Flink type the Oracle CDC connector reads an Oracle column as, from {@code
   * ALL_TAB_COLUMNS}' {@code DATA_TYPE}, {@code DATA_PRECISION} and {@code DATA_SCALE}; null for a
   * type it cannot read.
   */
  public static String oracle(String dataType, Integer precision, Integer scale) {
    String t = dataType == null ? "" : dataType.trim().toUpperCase(Locale.ROOT);
    if (t.startsWith("TIMESTAMP")) {
      int p = fractionOf(t, 6);
      if (t.endsWith("WITH LOCAL TIME ZONE") || t.endsWith("WITH TIME ZONE")) {
        return "TIMESTAMP_LTZ(" + p + ")";
      }
      return "TIMESTAMP(" + p + ")";
    }
    if (t.startsWith("INTERVAL")) {
      return "BIGINT";
    }
    return switch (t) {
      case "NUMBER" -> oracleNumber(precision, scale);
      case "FLOAT", "BINARY_FLOAT" -> "FLOAT";
      case "BINARY_DOUBLE", "DOUBLE PRECISION" -> "DOUBLE";
      case "DATE" -> "TIMESTAMP(0)";
      case "CHAR",
          "NCHAR",
          "VARCHAR",
          "VARCHAR2",
          "NVARCHAR2",
          "CLOB",
          "NCLOB",
          "LONG",
          "XMLTYPE" ->
          "STRING";
      case "BLOB", "RAW", "LONG RAW" -> "BYTES";
      default -> null;
    };
  }

  /**
   * NUMBER(p, s): an integer type wide enough when there are no fractional digits, else a decimal;
   * a NUMBER without a precision reads as DECIMAL(38, 18), one wider than Flink's 38 digits as a
   * string.
   */
  private static String oracleNumber(Integer precision, Integer scale) {
    if (precision == null) {
      return scale != null && scale == 0 ? "DECIMAL(38, 0)" : "DECIMAL(38, 18)";
    }
    int s = scale == null ? 0 : scale;
    if (s <= 0) {
      int digits = precision - s;
      if (digits < 3) {
        return "TINYINT";
      }
      if (digits < 5) {
        return "SMALLINT";
      }
      if (digits < 10) {
        return "INT";
      }
      if (digits < 19) {
        return "BIGINT";
      }
      return digits <= MAX_DECIMAL_PRECISION ? "DECIMAL(" + digits + ", 0)" : "STRING";
    }
    return precision <= MAX_DECIMAL_PRECISION && s <= precision
        ? "DECIMAL(" + precision + ", " + s + ")"
        : "STRING";
  }

  private static int fractionOf(String type, int otherwise) {
    int open = type.indexOf('(');
    int close = type.indexOf(')');
    if (open < 0 || close < open) {
      return otherwise;
    }
    try {
      return fraction(Integer.parseInt(type.substring(open + 1, close).trim()), otherwise);
    } catch (NumberFormatException e) {
      return otherwise;
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
