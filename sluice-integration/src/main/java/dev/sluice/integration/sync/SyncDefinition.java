package dev.sluice.integration.sync;

import dev.sluice.integration.source.InvalidSourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a sync reads and where it writes: the tables of one data source, chosen by name or pattern
 * with exclusions, and one target for all of them.
 *
 * @param tables {@code schema.table} each, where each side is a regular expression matched whole
 *     ({@code public.orders}, {@code public.custom_.*}, {@code shop_[0-9]+.orders})
 * @param schemaChanges {@code evolve}: added columns are applied, other changes pause the sync;
 *     {@code pause}: every schema change pauses it
 */
public record SyncDefinition(
    List<String> tables, List<String> exclude, SyncTarget target, String schemaChanges) {
  private static final Set<String> FIELDS =
      Set.of("source", "tables", "exclude", "target", "schemaChanges");
  private static final Set<String> FORMATS = Set.of("debezium-json", "canal-json", "upsert");
  private static final Pattern TOPIC_TEMPLATE = Pattern.compile("[A-Za-z0-9._{}-]{1,249}");
  private static final Pattern TABLE_TEMPLATE = Pattern.compile("[A-Za-z0-9_.${}]{1,128}");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");

  /**
   * A definition from its JSON (as maps, lists and strings), or the first field that is wrong, by
   * its path ({@code tables[1]}, {@code target.format}).
   */
  public static SyncDefinition parse(Map<String, Object> json) {
    only(json, FIELDS, "");
    List<String> tables = strings(json.get("tables"), "tables", true);
    List<String> exclude = strings(json.get("exclude"), "exclude", false);
    for (int i = 0; i < tables.size(); i++) {
      TableSelector.compile(tables.get(i), "tables[" + i + "]");
    }
    for (int i = 0; i < exclude.size(); i++) {
      TableSelector.compile(exclude.get(i), "exclude[" + i + "]");
    }
    Object t = json.get("target");
    if (!(t instanceof Map<?, ?> targetMap)) {
      throw new InvalidSourceException(
          "target", "required: {type: kafka|paimon|jdbc, ...} where the tables are written");
    }
    @SuppressWarnings("unchecked")
    SyncTarget target = target((Map<String, Object>) targetMap);
    String changes = text(json.get("schemaChanges"), "schemaChanges");
    if (changes == null) {
      changes = "evolve";
    } else if (!changes.equals("evolve") && !changes.equals("pause")) {
      throw new InvalidSourceException(
          "schemaChanges",
          "'"
              + changes
              + "' is not a policy: evolve (apply added columns, pause on other changes) or pause");
    }
    return new SyncDefinition(tables, exclude, target, changes);
  }

  private static SyncTarget target(Map<String, Object> json) {
    String type = text(json.get("type"), "target.type");
    if (type == null) {
      throw new InvalidSourceException("target.type", "required: kafka, paimon or jdbc");
    }
    SyncTarget.Kind kind;
    try {
      kind = SyncTarget.Kind.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSourceException(
          "target.type",
          "'"
              + type
              + "' is not a target: kafka, paimon or jdbc"
              + (type.equalsIgnoreCase("clickhouse")
                  ? " (no Flink SQL sink for ClickHouse is published)"
                  : ""));
    }
    SyncTarget.Rename rename = rename(json.get("rename"));
    String letterCase = text(json.get("case"), "target.case");
    if (letterCase == null) {
      letterCase = "keep";
    } else if (!Set.of("keep", "lower", "upper").contains(letterCase)) {
      throw new InvalidSourceException("target.case", "keep, lower or upper");
    }
    return switch (kind) {
      case KAFKA -> {
        only(
            json,
            Set.of("type", "bootstrapServers", "topic", "format", "rename", "case"),
            "target.");
        String servers = required(json, "bootstrapServers", "the brokers, e.g. localhost:9092");
        String topic = template(json, "topic", "cdc.{schema}.{table}", TOPIC_TEMPLATE);
        String format = text(json.get("format"), "target.format");
        if (format == null) {
          format = "debezium-json";
        } else if (!FORMATS.contains(format)) {
          throw new InvalidSourceException(
              "target.format",
              "'" + format + "' is not a format: debezium-json, canal-json or upsert (keyed)");
        }
        yield new SyncTarget(kind, topic, format, servers, null, List.of(), rename, letterCase);
      }
      case PAIMON -> {
        only(
            json,
            Set.of("type", "warehouse", "database", "table", "partitionBy", "rename", "case"),
            "target.");
        String warehouse = required(json, "warehouse", "where the tables live, e.g. file:///lake");
        String database = text(json.get("database"), "target.database");
        if (database == null) {
          database = "ods";
        } else if (!COLUMN.matcher(database).matches()) {
          throw new InvalidSourceException(
              "target.database", "'" + database + "' is not a Paimon database name");
        }
        String table = template(json, "table", "{table}", TABLE_TEMPLATE);
        List<String> partitionBy = strings(json.get("partitionBy"), "target.partitionBy", false);
        for (int i = 0; i < partitionBy.size(); i++) {
          if (!COLUMN.matcher(partitionBy.get(i)).matches()) {
            throw new InvalidSourceException(
                "target.partitionBy[" + i + "]",
                "'" + partitionBy.get(i) + "' is not a column name");
          }
        }
        yield new SyncTarget(
            kind, table, null, warehouse, database, partitionBy, rename, letterCase);
      }
      case JDBC -> {
        only(
            json,
            Set.of("type", "url", "username", "password", "table", "rename", "case"),
            "target.");
        String url = required(json, "url", "the database, e.g. jdbc:postgresql://host:5432/ods");
        if (!url.startsWith("jdbc:postgresql://") && !url.startsWith("jdbc:mysql://")) {
          throw new InvalidSourceException(
              "target.url",
              "a PostgreSQL or MySQL URL (jdbc:postgresql://… or jdbc:mysql://…): the upsert"
                  + " dialects this build ships");
        }
        String password = text(json.get("password"), "target.password");
        if (password != null && !password.matches("\\$\\{secret:[A-Za-z0-9_.-]{1,128}}")) {
          throw new InvalidSourceException(
              "target.password",
              "a secret reference ${secret:name}: a sync definition holds no password");
        }
        String table = template(json, "table", "{table}", TABLE_TEMPLATE);
        String username = text(json.get("username"), "target.username");
        yield new SyncTarget(
            kind, table, null, url, null, List.of(), rename, letterCase, username, password);
      }
    };
  }

  private static SyncTarget.Rename rename(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new InvalidSourceException(
          "target.rename", "{match: a regular expression on the table name, replace: …}");
    }
    String match = text(m.get("match"), "target.rename.match");
    String replace = text(m.get("replace"), "target.rename.replace");
    if (match == null) {
      throw new InvalidSourceException("target.rename.match", "required: a regular expression");
    }
    try {
      Pattern.compile(match).matcher("").replaceAll(replace == null ? "" : replace);
    } catch (PatternSyntaxException e) {
      throw new InvalidSourceException(
          "target.rename.match", "not a regular expression: " + e.getDescription());
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new InvalidSourceException("target.rename.replace", e.getMessage());
    }
    return new SyncTarget.Rename(match, replace == null ? "" : replace);
  }

  private static String template(
      Map<String, Object> json, String field, String otherwise, Pattern allowed) {
    String t = text(json.get(field), "target." + field);
    if (t == null) {
      return otherwise;
    }
    if (!allowed.matcher(t).matches()) {
      throw new InvalidSourceException(
          "target." + field,
          "'"
              + t
              + "' is not a name template: letters, digits, '_', '.', and {database}, {schema},"
              + " {table}");
    }
    String rest = t.replace("{database}", "").replace("{schema}", "").replace("{table}", "");
    if (rest.contains("{") || rest.contains("}")) {
      throw new InvalidSourceException(
          "target." + field, "'" + t + "': the placeholders are {database}, {schema} and {table}");
    }
    if (!t.contains("{table}")) {
      throw new InvalidSourceException(
          "target." + field, "'" + t + "' has no {table}: every table would write to one target");
    }
    return t;
  }

  private static String required(Map<String, Object> json, String field, String what) {
    String v = text(json.get(field), "target." + field);
    if (v == null) {
      throw new InvalidSourceException("target." + field, "required: " + what);
    }
    return v;
  }

  private static void only(Map<String, Object> json, Set<String> allowed, String prefix) {
    for (String key : json.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidSourceException(
            prefix + key, "unknown field; the fields are " + new TreeSet<>(allowed));
      }
    }
  }

  private static String text(Object v, String path) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new InvalidSourceException(path, "a string");
    }
    return s.isBlank() ? null : s.trim();
  }

  private static List<String> strings(Object v, String path, boolean required) {
    if (v == null) {
      if (required) {
        throw new InvalidSourceException(
            path, "required: the tables as schema.table, each side a pattern (public.orders_.*)");
      }
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new InvalidSourceException(path, "a list of strings");
    }
    if (required && list.isEmpty()) {
      throw new InvalidSourceException(path, "at least one table");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String s = text(list.get(i), path + "[" + i + "]");
      if (s == null) {
        throw new InvalidSourceException(path + "[" + i + "]", "empty");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }
}
