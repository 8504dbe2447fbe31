package dev.sluice.integration.sync;

import dev.sluice.integration.source.SourceType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type a column is written as in a target, from the Flink type it is read as, and whether the
 * source's value can change on the way: the type-mapping table of docs/integration.md.
 */
final class TargetTypes {
  private static final Pattern PRECISION =
      Pattern.compile("([A-Z_]+)(?:\\((\\d+)(?:, (\\d+))?\\))?");

  private TargetTypes() {}

  /**
   * @param note why a value may change (null when it cannot), or what the target makes of it
   */
  record Mapped(String type, boolean lossy, String note) {}

  /**
   * How a source column's value reads in Flink: lossy where the connector rounds or drops. Only
   * Oracle keeps a zone offset with a timestamp (PostgreSQL's timestamptz is an instant).
   */
  static Mapped read(SourceType database, String sourceType, String flinkType) {
    String source = sourceType == null ? "" : sourceType.trim();
    if ("DECIMAL(38, 18)".equals(flinkType) && !source.contains("(")) {
      return new Mapped(
          flinkType,
          true,
          source
              + " without a precision reads as DECIMAL(38, 18): more than 18 decimals are rounded,"
              + " more than 20 integer digits fail");
    }
    String upper = source.toUpperCase(java.util.Locale.ROOT);
    if (database == SourceType.ORACLE
        && upper.contains("WITH TIME ZONE")
        && !upper.contains("LOCAL")
        && flinkType != null
        && flinkType.startsWith("TIMESTAMP_LTZ")) {
      return new Mapped(flinkType, true, "the instant is kept, its time zone offset is not");
    }
    if ("STRING".equals(flinkType)
        && (upper.startsWith("DECIMAL")
            || upper.startsWith("NUMERIC")
            || upper.startsWith("NUMBER"))) {
      return new Mapped(flinkType, false, "wider than Flink's 38 digits: read as its text");
    }
    return new Mapped(flinkType, false, null);
  }

  /** The target's column type for a Flink type; {@code key} for a primary key column. */
  static Mapped write(SyncTarget target, String flinkType, boolean key) {
    return switch (target.kind()) {
      case PAIMON -> new Mapped(flinkType, false, null);
      case KAFKA ->
          new Mapped(
              flinkType,
              false,
              "BYTES".equals(flinkType) ? "base64 text in " + target.format() : null);
      case JDBC ->
          "postgresql".equals(target.dialect()) ? postgres(flinkType) : mysql(flinkType, key);
    };
  }

  private static Mapped postgres(String flinkType) {
    Matcher m = PRECISION.matcher(flinkType);
    if (!m.matches()) {
      return new Mapped(null, true, "no PostgreSQL type for " + flinkType);
    }
    int p = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
    return switch (m.group(1)) {
      case "BOOLEAN" -> new Mapped("BOOLEAN", false, null);
      case "TINYINT" -> new Mapped("SMALLINT", false, "PostgreSQL has no TINYINT");
      case "SMALLINT" -> new Mapped("SMALLINT", false, null);
      case "INT" -> new Mapped("INTEGER", false, null);
      case "BIGINT" -> new Mapped("BIGINT", false, null);
      case "FLOAT" -> new Mapped("REAL", false, null);
      case "DOUBLE" -> new Mapped("DOUBLE PRECISION", false, null);
      case "DECIMAL" -> new Mapped("NUMERIC(" + p + ", " + m.group(3) + ")", false, null);
      case "STRING" -> new Mapped("TEXT", false, null);
      case "BYTES" -> new Mapped("BYTEA", false, null);
      case "DATE" -> new Mapped("DATE", false, null);
      case "TIME" -> fraction("TIME", p, 6, "PostgreSQL");
      case "TIMESTAMP" -> fraction("TIMESTAMP", p, 6, "PostgreSQL");
      case "TIMESTAMP_LTZ" -> fraction("TIMESTAMPTZ", p, 6, "PostgreSQL");
      default -> new Mapped(null, true, "no PostgreSQL type for " + flinkType);
    };
  }

  private static Mapped mysql(String flinkType, boolean key) {
    Matcher m = PRECISION.matcher(flinkType);
    if (!m.matches()) {
      return new Mapped(null, true, "no MySQL type for " + flinkType);
    }
    int p = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
    return switch (m.group(1)) {
      case "BOOLEAN" -> new Mapped("BOOLEAN", false, null);
      case "TINYINT" -> new Mapped("TINYINT", false, null);
      case "SMALLINT" -> new Mapped("SMALLINT", false, null);
      case "INT" -> new Mapped("INT", false, null);
      case "BIGINT" -> new Mapped("BIGINT", false, null);
      case "FLOAT" -> new Mapped("FLOAT", false, null);
      case "DOUBLE" -> new Mapped("DOUBLE", false, null);
      case "DECIMAL" -> new Mapped("DECIMAL(" + p + ", " + m.group(3) + ")", false, null);
      case "STRING" ->
          key
              ? new Mapped(
                  "VARCHAR(255)", true, "a key column: MySQL indexes no TEXT; longer values fail")
              : new Mapped("LONGTEXT", false, null);
      case "BYTES" -> new Mapped("LONGBLOB", false, null);
      case "DATE" -> new Mapped("DATE", false, null);
      case "TIME" -> fraction("TIME", p, 6, "MySQL");
      case "TIMESTAMP" -> fraction("DATETIME", p, 6, "MySQL");
      case "TIMESTAMP_LTZ" -> {
        Mapped f = fraction("DATETIME", p, 6, "MySQL");
        yield new Mapped(
            f.type(),
            true,
            "written as UTC date and time: MySQL's DATETIME keeps no time zone"
                + (f.note() == null ? "" : "; " + f.note()));
      }
      default -> new Mapped(null, true, "no MySQL type for " + flinkType);
    };
  }

  /** A time type with at most {@code max} fractional digits. */
  private static Mapped fraction(String type, int digits, int max, String database) {
    if (digits > max) {
      return new Mapped(
          type + "(" + max + ")",
          true,
          database + " keeps " + max + " fractional digits of " + digits);
    }
    return new Mapped(digits < 0 ? type : type + "(" + digits + ")", false, null);
  }
}
