package dev.sluice.server.ops.quality;

import static dev.sluice.server.errors.JsonFields.onlyFields;
import static dev.sluice.server.errors.JsonFields.text;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.ops.alerts.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A monitor as a request gives it, checked field by field: a mistake is a 400 naming its path
 * ({@code checks[2].column: no column 'amout' in payments; did you mean 'amount'?}). The source's
 * columns come from the declared table of a job (so nobody types a schema twice) or from {@code
 * schema}.
 */
public final class MonitorParser {
  /** Monitor names: also part of a job name and a Kafka topic. */
  static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,99}");

  private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_(), ]{0,99}");
  private static final Set<String> FIELDS =
      Set.of("name", "project", "source", "schema", "eventTime", "window", "checks");
  private static final Set<String> SOURCE_FIELDS = Set.of("job", "table", "kafka");
  private static final Set<String> KAFKA_FIELDS =
      Set.of("topic", "bootstrapServers", "format", "startFrom");
  private static final Set<String> EVENT_TIME_FIELDS = Set.of("column", "lateness");
  private static final Set<String> CHECK_FIELDS = Set.of("type", "column", "min", "max", "key");
  private static final Duration MIN_WINDOW = Duration.ofSeconds(1);
  private static final Duration MAX_WINDOW = Duration.ofDays(1);

  /** The physical columns of a table a job declares. */
  public interface TableColumns {
    /**
     * @param path the field to blame when the job or table does not exist ({@code source.job})
     */
    List<QualityMonitor.Column> of(String project, String job, String table);
  }

  private final TableColumns tables;
  private final String defaultBootstrapServers;
  private final boolean stored;

  /**
   * @param defaultBootstrapServers the brokers of a source that names none
   */
  public MonitorParser(TableColumns tables, String defaultBootstrapServers) {
    this(tables, defaultBootstrapServers, false);
  }

  private MonitorParser(TableColumns tables, String defaultBootstrapServers, boolean stored) {
    this.tables = tables;
    this.defaultBootstrapServers = defaultBootstrapServers;
    this.stored = stored;
  }

  /**
   * Reads a monitor as {@link MonitorJson} stored it: with the columns it was saved with, even when
   * they came from a job's table that has changed since.
   */
  public static QualityMonitor stored(JsonNode body) {
    return new MonitorParser(
            (project, job, table) -> {
              throw new IllegalStateException("a stored monitor has its columns");
            },
            "",
            true)
        .parse(body, body.get("project").stringValue());
  }

  /**
   * @param project the project the monitor goes into (the request's, resolved by the caller)
   */
  public QualityMonitor parse(JsonNode body, String project) {
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a monitor is a JSON object");
    }
    onlyFields(body, FIELDS, "");
    String name = text(body, "name", "name");
    if (name == null) {
      throw new InvalidFieldException("name", "a monitor needs a name");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "'"
              + name
              + "' is not a monitor name: a letter, then letters, digits, '_' or '-' (at most 100)");
    }
    QualityMonitor.Source source = source(body.get("source"));
    List<QualityMonitor.Column> columns;
    if (source.job() != null && !(stored && body.has("schema"))) {
      if (body.has("schema")) {
        throw new InvalidFieldException(
            "schema", "the columns come from " + source.job() + "'s table; give no schema");
      }
      columns = tables.of(project, source.job(), source.table());
    } else {
      columns = schema(body.get("schema"));
    }
    Map<String, QualityMonitor.Column> byName = new HashMap<>();
    columns.forEach(c -> byName.put(c.name(), c));
    String table = source.table() != null ? source.table() : "the schema";

    JsonNode et = body.get("eventTime");
    String eventTime;
    Duration lateness = Duration.ZERO;
    String etPath = "eventTime";
    if (et == null || et.isNull()) {
      throw new InvalidFieldException("eventTime", "the column of event time is required");
    } else if (et.isString()) {
      eventTime = et.stringValue().trim();
    } else if (et.isObject()) {
      onlyFields(et, EVENT_TIME_FIELDS, "eventTime.");
      etPath = "eventTime.column";
      eventTime = text(et, "column", etPath);
      if (eventTime == null) {
        throw new InvalidFieldException(etPath, "the column of event time is required");
      }
      Duration l = duration(et, "lateness", "eventTime.lateness");
      if (l != null) {
        if (l.compareTo(Duration.ofHours(1)) > 0) {
          throw new InvalidFieldException("eventTime.lateness", "at most 1h");
        }
        lateness = l;
      }
    } else {
      throw new InvalidFieldException(
          "eventTime", "a column name, or {\"column\": ..., \"lateness\": \"5s\"}");
    }
    QualityMonitor.Column etColumn = column(byName, eventTime, etPath, table);
    if (!isTimestamp(etColumn.type()) && !isBigint(etColumn.type())) {
      throw new InvalidFieldException(
          etPath,
          "'"
              + eventTime
              + "' is "
              + etColumn.type()
              + "; event time is a TIMESTAMP(3), TIMESTAMP_LTZ(3) or BIGINT (epoch milliseconds)"
              + " column");
    }

    Duration window = duration(body, "window", "window");
    if (window == null) {
      window = Duration.ofMinutes(1);
    }
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new InvalidFieldException("window", "between 1s and 1d");
    }
    if (window.toMillis() % 1000 != 0) {
      throw new InvalidFieldException("window", "whole seconds");
    }
    return new QualityMonitor(
        name,
        project,
        source,
        columns,
        eventTime,
        lateness,
        window,
        checks(body.get("checks"), byName, table));
  }

  private QualityMonitor.Source source(JsonNode s) {
    if (s == null || !s.isObject()) {
      throw new InvalidFieldException(
          "source", "required: {\"kafka\": {\"topic\": ...}} and optionally \"job\" and \"table\"");
    }
    onlyFields(s, SOURCE_FIELDS, "source.");
    String job = text(s, "job", "source.job");
    String table = text(s, "table", "source.table");
    if (job != null && table == null) {
      throw new InvalidFieldException(
          "source.table", "which of " + job + "'s tables the monitor reads");
    }
    if (job == null && table != null) {
      throw new InvalidFieldException(
          "source.job", "the job that declares table '" + table + "' (or give a schema instead)");
    }
    JsonNode k = s.get("kafka");
    if (k == null || !k.isObject()) {
      throw new InvalidFieldException(
          "source.kafka", "required: {\"topic\": ..., \"bootstrapServers\"?, \"format\"?}");
    }
    onlyFields(k, KAFKA_FIELDS, "source.kafka.");
    String topic = text(k, "topic", "source.kafka.topic");
    if (topic == null) {
      throw new InvalidFieldException("source.kafka.topic", "the topic to read is required");
    }
    if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new InvalidFieldException(
          "source.kafka.topic", "'" + topic + "' is not a Kafka topic name");
    }
    String servers = text(k, "bootstrapServers", "source.kafka.bootstrapServers");
    if (servers == null) {
      servers = defaultBootstrapServers;
    }
    String format = text(k, "format", "source.kafka.format");
    if (format == null) {
      format = "json";
    }
    if (!format.equals("json")) {
      throw new InvalidFieldException(
          "source.kafka.format", "'" + format + "' is not supported: json is");
    }
    String start = text(k, "startFrom", "source.kafka.startFrom");
    if (start == null) {
      start = "latest";
    }
    start = start.toLowerCase(Locale.ROOT);
    if (!start.equals("latest") && !start.equals("earliest")) {
      throw new InvalidFieldException(
          "source.kafka.startFrom", "'" + start + "' is not latest or earliest");
    }
    return new QualityMonitor.Source(job, table, topic, servers, format, start);
  }

  private static List<QualityMonitor.Column> schema(JsonNode list) {
    if (list == null || list.isNull()) {
      throw new InvalidFieldException(
          "schema",
          "the source's columns: [{\"name\": ..., \"type\": ...}], or name the job and table that"
              + " declare them (source.job, source.table)");
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidFieldException("schema", "a non-empty array of {name, type}");
    }
    List<QualityMonitor.Column> columns = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "schema[" + i + "]";
      JsonNode c = list.get(i);
      if (!c.isObject()) {
        throw new InvalidFieldException(path, "a column {name, type}");
      }
      onlyFields(c, Set.of("name", "type"), path + ".");
      String name = text(c, "name", path + ".name");
      if (name == null) {
        throw new InvalidFieldException(path + ".name", "a column needs a name");
      }
      if (!seen.add(name)) {
        throw new InvalidFieldException(path + ".name", "'" + name + "' is already a column");
      }
      String type = text(c, "type", path + ".type");
      if (type == null || !TYPE.matcher(type).matches()) {
        throw new InvalidFieldException(
            path + ".type", "a Flink SQL type such as STRING, BIGINT, DOUBLE or TIMESTAMP(3)");
      }
      columns.add(new QualityMonitor.Column(name, type.toUpperCase(Locale.ROOT)));
    }
    return columns;
  }

  private static List<QualityMonitor.Check> checks(
      JsonNode list, Map<String, QualityMonitor.Column> columns, String table) {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidFieldException(
          "checks", "a non-empty array of checks (" + CheckType.names() + ")");
    }
    if (list.size() > 50) {
      throw new InvalidFieldException("checks", "at most 50 checks");
    }
    List<QualityMonitor.Check> checks = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "checks[" + i + "]";
      QualityMonitor.Check check = check(list.get(i), path, columns, table);
      Integer before = seen.putIfAbsent(check.type().metric() + "|" + check.label(), i);
      if (before != null) {
        throw new InvalidFieldException(path, "the same check as checks[" + before + "]");
      }
      checks.add(check);
    }
    return checks;
  }

  private static QualityMonitor.Check check(
      JsonNode c, String path, Map<String, QualityMonitor.Column> columns, String table) {
    if (!c.isObject()) {
      throw new InvalidFieldException(path, "a check is an object {type, ...}");
    }
    onlyFields(c, CHECK_FIELDS, path + ".");
    String typeText = text(c, "type", path + ".type");
    if (typeText == null) {
      throw new InvalidFieldException(path + ".type", "one of " + CheckType.names());
    }
    CheckType type = CheckType.of(typeText);
    if (type == null) {
      throw new InvalidFieldException(
          path + ".type", "'" + typeText + "' is not one of " + CheckType.names());
    }
    Set<String> allowed =
        switch (type) {
          case NULL_RATIO -> Set.of("type", "column");
          case RANGE -> Set.of("type", "column", "min", "max");
          case DUPLICATE_KEY_RATIO -> Set.of("type", "key");
          case FRESHNESS, VOLUME_VS_PREVIOUS_DAY -> Set.of("type");
        };
    for (String f : c.propertyNames()) {
      if (!allowed.contains(f)) {
        throw new InvalidFieldException(path + "." + f, "not used by a " + type.json() + " check");
      }
    }
    String column = null;
    Double min = null;
    Double max = null;
    List<String> key = List.of();
    if (type == CheckType.NULL_RATIO || type == CheckType.RANGE) {
      column = text(c, "column", path + ".column");
      if (column == null) {
        throw new InvalidFieldException(path + ".column", "the column to check is required");
      }
      QualityMonitor.Column col = column(columns, column, path + ".column", table);
      if (type == CheckType.RANGE) {
        if (!isNumeric(col.type())) {
          throw new InvalidFieldException(
              path + ".column", "'" + column + "' is " + col.type() + "; a range needs a number");
        }
        min = number(c, "min", path + ".min");
        max = number(c, "max", path + ".max");
        if (min == null && max == null) {
          throw new InvalidFieldException(path + ".min", "a range needs a min, a max or both");
        }
        if (min != null && max != null && min > max) {
          throw new InvalidFieldException(path + ".max", "less than min (" + min + ")");
        }
      }
    } else if (type == CheckType.DUPLICATE_KEY_RATIO) {
      JsonNode k = c.get("key");
      List<String> names = new ArrayList<>();
      if (k != null && k.isString()) {
        names.add(k.stringValue().trim());
      } else if (k != null && k.isArray() && !k.isEmpty()) {
        for (int j = 0; j < k.size(); j++) {
          if (!k.get(j).isString()) {
            throw new InvalidFieldException(path + ".key[" + j + "]", "a column name");
          }
          names.add(k.get(j).stringValue().trim());
        }
      } else {
        throw new InvalidFieldException(path + ".key", "the key's columns, e.g. [\"id\"]");
      }
      for (int j = 0; j < names.size(); j++) {
        String p = k.isArray() ? path + ".key[" + j + "]" : path + ".key";
        column(columns, names.get(j), p, table);
        if (names.indexOf(names.get(j)) != j) {
          throw new InvalidFieldException(p, "'" + names.get(j) + "' is already in the key");
        }
      }
      key = names;
    }
    return new QualityMonitor.Check(type, column, min, max, key);
  }

  private static QualityMonitor.Column column(
      Map<String, QualityMonitor.Column> columns, String name, String path, String table) {
    QualityMonitor.Column c = columns.get(name);
    if (c == null) {
      throw new InvalidFieldException(
          path,
          "no column '"
              + name
              + "' in "
              + table
              + Suggestions.hint(name, columns.keySet())
              + (Suggestions.closest(name, columns.keySet()) == null
                  ? " (columns: " + String.join(", ", new TreeSet<>(columns.keySet())) + ")"
                  : ""));
    }
    return c;
  }

  static boolean isTimestamp(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    return t.startsWith("TIMESTAMP");
  }

  static boolean isLocalZoned(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    return t.startsWith("TIMESTAMP_LTZ") || t.contains("WITH LOCAL TIME ZONE");
  }

  static boolean isBigint(String type) {
    return type.toUpperCase(Locale.ROOT).startsWith("BIGINT");
  }

  private static boolean isNumeric(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    for (String n :
        List.of("TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL", "NUMERIC")) {
      if (t.startsWith(n)) {
        return true;
      }
    }
    return t.startsWith("DEC") || t.startsWith("REAL");
  }

  private static Double number(JsonNode c, String field, String path) {
    JsonNode v = c.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || Double.isNaN(v.doubleValue()) || Double.isInfinite(v.doubleValue())) {
      throw new InvalidFieldException(path, "a finite number");
    }
    return v.doubleValue();
  }

  private static Duration duration(JsonNode object, String field, String path) {
    String s = text(object, field, path);
    if (s == null) {
      return null;
    }
    Duration d = Durations.parse(s);
    if (d == null) {
      throw new InvalidFieldException(path, "'" + s + "' is not a duration like 10s, 1m or 1h");
    }
    return d;
  }
}
