package dev.sluice.metrics;

import dev.sluice.metrics.DefinitionException.Problem;
import dev.sluice.metrics.MetricGroup.Derived;
import dev.sluice.metrics.MetricGroup.Field;
import dev.sluice.metrics.MetricGroup.Metric;
import dev.sluice.metrics.MetricGroup.Sink;
import dev.sluice.metrics.MetricGroup.Source;
import dev.sluice.metrics.MetricGroup.Window;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a metric group and compiles it to one Flink SQL script. Metrics that share a window are
 * computed by one aggregation, each with its own {@code FILTER (WHERE ...)}; each window's
 * statement is named after the window, so editing metrics of one window keeps the state of the
 * others. Events that are not JSON or have no event time are skipped and counted per source.
 */
public final class MetricCompiler {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*|\\[\\d+])+");
  private static final Pattern TYPE =
      Pattern.compile(
          "STRING|BOOLEAN|INT|BIGINT|DOUBLE|TIMESTAMP|DECIMAL\\(\\d{1,2}, ?\\d{1,2}\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> NUMERIC = Set.of("INT", "BIGINT", "DOUBLE");
  private static final Map<String, String> AGGREGATIONS = new LinkedHashMap<>();

  static {
    AGGREGATIONS.put("count", "COUNT");
    AGGREGATIONS.put("sum", "SUM");
    AGGREGATIONS.put("avg", "AVG");
    AGGREGATIONS.put("min", "MIN");
    AGGREGATIONS.put("max", "MAX");
    AGGREGATIONS.put("var_pop", "VAR_POP_D");
    AGGREGATIONS.put("var_samp", "VAR_SAMP_D");
    AGGREGATIONS.put("stddev_pop", "STDDEV_POP_D");
    AGGREGATIONS.put("stddev_samp", "STDDEV_SAMP_D");
    AGGREGATIONS.put("count_distinct", "COUNT");
    AGGREGATIONS.put("approx_count_distinct", "APPROX_DISTINCT");
    AGGREGATIONS.put("percentile", "APPROX_PERCENTILE");
    AGGREGATIONS.put("first_value", "FIRST_VALUE");
    AGGREGATIONS.put("last_value", "LAST_VALUE");
    AGGREGATIONS.put("last_k", "LAST_K");
  }

  private static final Set<String> NEEDS_NUMBER =
      Set.of("sum", "avg", "var_pop", "var_samp", "stddev_pop", "stddev_samp", "percentile");

  private MetricCompiler() {}

  /**
   * A compiled group.
   *
   * @param script the Flink SQL script (one job)
   * @param statements the definition path each statement was made from, by statement number, so
   *     that the engine's problems can be shown where the user wrote them
   * @param windows the windows, by id, with the metrics each computes
   */
  public record Compiled(
      String script, Map<Integer, String> statements, Map<String, List<String>> windows) {}

  /** A window and where it came from. */
  private record Spec(String id, Window window, long size, long slide) {}

  public static Compiled compile(MetricGroup g) {
    List<Problem> problems = new ArrayList<>();
    check(
        problems,
        g.name() != null && NAME.matcher(g.name()).matches(),
        "name",
        "lower-case letters, digits and '_', starting with a letter (at most 64)");
    String zone = g.timeZone() == null ? "UTC" : g.timeZone();
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      problems.add(new Problem("timeZone", "unknown time zone '" + zone + "'"));
    }

    check(
        problems,
        g.layout() == null || Set.of("fused", "per_metric").contains(g.layout()),
        "layout",
        "fused (one aggregation per window) or per_metric (one statement per metric)");

    // Sources and their fields.
    Map<String, String> types = new LinkedHashMap<>();
    check(problems, !g.sources().isEmpty(), "sources", "at least one source");
    Set<String> sourceNames = new LinkedHashSet<>();
    for (int i = 0; i < g.sources().size(); i++) {
      Source s = g.sources().get(i);
      String p = "sources[" + i + "]";
      name(
          problems,
          s.name(),
          p + ".name",
          sourceNames.add(s.name()),
          "another source is named " + s.name());
      if (s.kafka() == null) {
        problems.add(new Problem(p + ".kafka", "required: {topic, bootstrapServers}"));
      } else {
        check(problems, notBlank(s.kafka().topic()), p + ".kafka.topic", "required");
        check(
            problems,
            notBlank(s.kafka().bootstrapServers()),
            p + ".kafka.bootstrapServers",
            "required");
        check(
            problems,
            s.kafka().startFrom() == null
                || Set.of("earliest", "latest").contains(s.kafka().startFrom()),
            p + ".kafka.startFrom",
            "earliest or latest");
        check(
            problems,
            s.kafka().stopAt() == null || s.kafka().stopAt().equals("latest"),
            p + ".kafka.stopAt",
            "latest, or leave it out to read on");
      }
      check(problems, !s.fields().isEmpty(), p + ".fields", "at least one field");
      Map<String, String> own = new LinkedHashMap<>();
      for (int j = 0; j < s.fields().size(); j++) {
        Field f = s.fields().get(j);
        String fp = p + ".fields[" + j + "]";
        name(
            problems,
            f.name(),
            fp + ".name",
            !own.containsKey(f.name()),
            "another field is named " + f.name());
        check(
            problems,
            f.path() != null && PATH.matcher(f.path()).matches(),
            fp + ".path",
            "a JSON path like $.payer.id or $.items[0].sku");
        boolean typeOk =
            f.type() != null && TYPE.matcher(f.type().toUpperCase(Locale.ROOT)).matches();
        check(
            problems,
            typeOk,
            fp + ".type",
            "STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s) or TIMESTAMP");
        if (f.name() != null) {
          // An unknown type is reported once, here, not again by every metric using the field.
          own.put(f.name(), typeOk ? f.type().toUpperCase(Locale.ROOT) : "");
        }
      }
      if (i == 0) {
        types.putAll(own);
      } else if (!own.equals(types)) {
        problems.add(
            new Problem(
                p + ".fields",
                "sources are unioned, so each declares the same fields and types as sources[0]: "
                    + types));
      }
    }

    // Event time.
    long lateness = 0;
    if (g.eventTime() == null || g.eventTime().field() == null) {
      problems.add(new Problem("eventTime.field", "required: the field holding the event's time"));
    } else {
      String t = types.get(g.eventTime().field());
      if (t == null) {
        problems.add(new Problem("eventTime.field", "no field named " + g.eventTime().field()));
      } else {
        check(
            problems,
            t.equals("BIGINT") || t.equals("TIMESTAMP"),
            "eventTime.field",
            "a BIGINT (epoch milliseconds) or TIMESTAMP field, not " + t);
      }
      if (g.eventTime().lateness() != null) {
        lateness = Durations.seconds(g.eventTime().lateness());
        check(problems, lateness >= 0, "eventTime.lateness", "a duration such as 5s or 1min");
      }
    }

    // Preprocessing: derived fields, filters, enrichment.
    Map<String, String> columns = new LinkedHashMap<>(types);
    var pre =
        g.preprocess() == null ? new MetricGroup.Preprocess(null, null, null) : g.preprocess();
    for (int i = 0; i < pre.derived().size(); i++) {
      Derived d = pre.derived().get(i);
      String p = "preprocess.derived[" + i + "]";
      if (name(
          problems,
          d.name(),
          p + ".name",
          !columns.containsKey(d.name()),
          d.name() + " is already a field")) {
        columns.put(d.name(), "");
      }
      check(problems, notBlank(d.expr()), p + ".expr", "a SQL expression over the fields");
    }
    for (int i = 0; i < pre.filters().size(); i++) {
      check(
          problems,
          notBlank(pre.filters().get(i)),
          "preprocess.filters[" + i + "]",
          "a SQL condition");
    }
    for (int i = 0; i < pre.enrich().size(); i++) {
      MetricGroup.Enrich e = pre.enrich().get(i);
      String p = "preprocess.enrich[" + i + "]";
      check(
          problems,
          e.name() != null && NAME.matcher(e.name()).matches(),
          p + ".name",
          "a lower-case name");
      if (e.jdbc() == null || !notBlank(e.jdbc().url()) || !notBlank(e.jdbc().table())) {
        problems.add(new Problem(p + ".jdbc", "required: {url, table}"));
      }
      if (e.key() == null || e.key().isEmpty()) {
        problems.add(new Problem(p + ".key", "required: event field to dimension column"));
      } else {
        e.key()
            .keySet()
            .forEach(
                k ->
                    check(
                        problems, columns.containsKey(k), p + ".key." + k, "no field named " + k));
      }
      check(problems, !e.fields().isEmpty(), p + ".fields", "the dimension columns to add");
      for (int j = 0; j < e.fields().size(); j++) {
        Field f = e.fields().get(j);
        String fp = p + ".fields[" + j + "]";
        if (name(
            problems,
            f.name(),
            fp + ".name",
            !columns.containsKey(f.name()),
            f.name() + " is already a field")) {
          columns.put(f.name(), f.type() == null ? "" : f.type().toUpperCase(Locale.ROOT));
        }
        check(
            problems,
            f.type() != null && TYPE.matcher(f.type().toUpperCase(Locale.ROOT)).matches(),
            fp + ".type",
            "a type");
      }
      if (e.cache() != null && e.cache().ttl() != null) {
        check(
            problems,
            Durations.seconds(e.cache().ttl()) > 0,
            p + ".cache.ttl",
            "a duration such as 10min");
      }
    }

    // Keys.
    for (int i = 0; i < g.keys().size(); i++) {
      check(
          problems,
          columns.containsKey(g.keys().get(i)),
          "keys[" + i + "]",
          "no field named " + g.keys().get(i));
    }

    // Metrics and their windows.
    check(problems, !g.metrics().isEmpty(), "metrics", "at least one metric");
    Set<String> names = new LinkedHashSet<>();
    Map<String, Spec> specs = new LinkedHashMap<>();
    Map<String, List<Integer>> byWindow = new LinkedHashMap<>();
    for (int i = 0; i < g.metrics().size(); i++) {
      Metric m = g.metrics().get(i);
      String p = "metrics[" + i + "]";
      name(
          problems,
          m.name(),
          p + ".name",
          names.add(m.name()) && !columns.containsKey(m.name()),
          m.name() + " is already used");
      String agg = m.aggregation() == null ? null : m.aggregation().toLowerCase(Locale.ROOT);
      if (agg == null || !AGGREGATIONS.containsKey(agg)) {
        problems.add(new Problem(p + ".aggregation", "one of " + AGGREGATIONS.keySet()));
      } else {
        if (m.input() == null) {
          check(problems, agg.equals("count"), p + ".input", agg + " needs an input field");
        } else if (!columns.containsKey(m.input())) {
          problems.add(new Problem(p + ".input", "no field named " + m.input()));
        } else if (NEEDS_NUMBER.contains(agg)) {
          String t = columns.get(m.input());
          check(
              problems,
              t.isEmpty() || NUMERIC.contains(t) || t.startsWith("DECIMAL"),
              p + ".aggregation",
              agg + " needs a numeric input; " + m.input() + " is " + t);
        }
        if (agg.equals("last_k")) {
          check(
              problems,
              m.k() != null && m.k() >= 1 && m.k() <= 100,
              p + ".k",
              "how many latest values to keep, 1 to 100");
        } else {
          check(problems, m.k() == null, p + ".k", "only a last_k metric has one");
        }
        if (agg.equals("percentile")) {
          check(
              problems,
              m.percentile() != null && m.percentile() > 0 && m.percentile() < 1,
              p + ".percentile",
              "a rank between 0 and 1 exclusive, e.g. 0.99");
        } else {
          check(
              problems,
              m.percentile() == null,
              p + ".percentile",
              "only a percentile metric has one");
        }
      }
      check(problems, m.filter() == null || notBlank(m.filter()), p + ".filter", "a SQL condition");
      check(
          problems,
          !m.windows().isEmpty(),
          p + ".windows",
          "at least one window (type: unbounded for running totals)");
      for (int j = 0; j < m.windows().size(); j++) {
        Spec spec = spec(m.windows().get(j), p + ".windows[" + j + "]", problems);
        if (spec != null) {
          specs.putIfAbsent(spec.id(), spec);
          byWindow.computeIfAbsent(spec.id(), k -> new ArrayList<>()).add(i);
        }
      }
    }

    // Derived metrics: inlined, so that one may use another; cycles are refused.
    Map<String, String> derivedExpr = new LinkedHashMap<>();
    for (int i = 0; i < g.derived().size(); i++) {
      Derived d = g.derived().get(i);
      String p = "derived[" + i + "]";
      name(
          problems,
          d.name(),
          p + ".name",
          names.add(d.name()) && !columns.containsKey(d.name()),
          d.name() + " is already used");
      if (check(
          problems, notBlank(d.expr()), p + ".expr", "an expression over metrics of the group")) {
        derivedExpr.put(d.name(), d.expr());
      }
    }
    Map<String, String> inlined = new LinkedHashMap<>();
    Map<String, Set<String>> derivedUses = new LinkedHashMap<>();
    for (int i = 0; i < g.derived().size(); i++) {
      Derived d = g.derived().get(i);
      if (d.name() == null || d.expr() == null) {
        continue;
      }
      try {
        Set<String> uses = new LinkedHashSet<>();
        inlined.put(d.name(), inline(d.name(), derivedExpr, new ArrayList<>(), uses, g));
        derivedUses.put(d.name(), uses);
        check(problems, !uses.isEmpty(), "derived[" + i + "].expr", "uses no metric of the group");
      } catch (IllegalStateException cycle) {
        problems.add(new Problem("derived[" + i + "].expr", cycle.getMessage()));
      }
    }

    // Sinks.
    check(problems, !g.sinks().isEmpty(), "sinks", "at least one sink (type: print to try it out)");
    Set<String> sinkNames = new LinkedHashSet<>();
    for (int i = 0; i < g.sinks().size(); i++) {
      Sink s = g.sinks().get(i);
      String p = "sinks[" + i + "]";
      String type = s.type() == null ? "" : s.type();
      check(
          problems,
          sinkNames.add(s.name() == null ? type : s.name()),
          p + ".name",
          "two sinks have the same name; name them");
      switch (type) {
        case "print", "blackhole" -> {}
        case "kafka" -> {
          check(problems, notBlank(s.bootstrapServers()), p + ".bootstrapServers", "required");
          check(problems, notBlank(s.topic()), p + ".topic", "required: the topic prefix");
        }
        case "jdbc" -> {
          check(problems, notBlank(s.url()), p + ".url", "required");
          check(problems, notBlank(s.table()), p + ".table", "required: the table prefix");
        }
        case "paimon" -> {
          check(
              problems,
              notBlank(s.warehouse()),
              p + ".warehouse",
              "required: the directory or object store URI holding the tables");
          check(
              problems,
              s.table() == null || NAME.matcher(s.table()).matches(),
              p + ".table",
              "a lower-case table prefix (the group's name by default)");
        }
        default ->
            problems.add(new Problem(p + ".type", "print, kafka, jdbc, paimon or blackhole"));
      }
    }
    for (int i = 0; i < g.references().size(); i++) {
      problems.add(
          new Problem(
              "references[" + i + "]",
              "references are resolved by the server before compiling; "
                  + g.references().get(i)
                  + " was not"));
    }
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return generate(g, zone, lateness, types, columns, specs, byWindow, inlined, derivedUses);
  }

  private static String inline(
      String name, Map<String, String> exprs, List<String> stack, Set<String> uses, MetricGroup g) {
    if (stack.contains(name)) {
      stack.add(name);
      throw new IllegalStateException("a cycle of derived metrics: " + String.join(" -> ", stack));
    }
    stack.add(name);
    Set<String> metricNames = new LinkedHashSet<>();
    g.metrics().forEach(m -> metricNames.add(m.name()));
    StringBuilder out = new StringBuilder();
    Matcher m = IDENTIFIER.matcher(exprs.get(name));
    int last = 0;
    while (m.find()) {
      out.append(exprs.get(name), last, m.start());
      String id = m.group();
      if (exprs.containsKey(id)) {
        out.append('(').append(inline(id, exprs, stack, uses, g)).append(')');
      } else {
        if (metricNames.contains(id)) {
          uses.add(id);
        }
        // Metrics enter as DOUBLE: big / tx of two counts is a ratio, not an integer division.
        out.append(metricNames.contains(id) ? "CAST(`" + id + "` AS DOUBLE)" : id);
      }
      last = m.end();
    }
    out.append(exprs.get(name).substring(last));
    stack.remove(stack.size() - 1);
    return out.toString();
  }

  private static Spec spec(Window w, String p, List<Problem> problems) {
    String type = w.type() == null ? "" : w.type().toLowerCase(Locale.ROOT);
    long size = Durations.seconds(w.size());
    long slide = -1;
    List<String> unused = new ArrayList<>();
    String id;
    switch (type) {
      case "tumble" -> {
        if (!check(problems, size > 0, p + ".size", "a duration such as 1min")) {
          return null;
        }
        id = "tumble_" + Durations.text(size);
        if (w.slide() != null) unused.add("slide");
        if (w.step() != null) unused.add("step");
        if (w.gap() != null) unused.add("gap");
      }
      case "hop", "cumulate" -> {
        String what = type.equals("hop") ? "slide" : "step";
        slide = Durations.seconds(type.equals("hop") ? w.slide() : w.step());
        boolean ok = check(problems, size > 0, p + ".size", "a duration such as 10min");
        ok &= check(problems, slide > 0, p + "." + what, "a duration such as 1min");
        if (!ok) {
          return null;
        }
        if (!check(
            problems,
            size % slide == 0 && slide <= size,
            p + "." + what,
            "must divide the size (" + Durations.text(size) + ")")) {
          return null;
        }
        id = type + "_" + Durations.text(size) + "_" + Durations.text(slide);
        if ((type.equals("hop") ? w.step() : w.slide()) != null)
          unused.add(type.equals("hop") ? "step" : "slide");
        if (w.gap() != null) unused.add("gap");
      }
      case "session" -> {
        size = Durations.seconds(w.gap());
        if (!check(problems, size > 0, p + ".gap", "a duration such as 30min")) {
          return null;
        }
        id = "session_" + Durations.text(size);
        if (w.size() != null) unused.add("size");
        if (w.slide() != null) unused.add("slide");
        if (w.step() != null) unused.add("step");
      }
      case "unbounded" -> {
        id = "unbounded";
        if (w.size() != null) unused.add("size");
        if (w.slide() != null) unused.add("slide");
        if (w.step() != null) unused.add("step");
        if (w.gap() != null) unused.add("gap");
      }
      default -> {
        problems.add(new Problem(p + ".type", "tumble, hop, cumulate, session or unbounded"));
        return null;
      }
    }
    for (String u : unused) {
      problems.add(new Problem(p + "." + u, "not used by a " + type + " window"));
    }
    return new Spec(id, w, size, slide);
  }

  private static Compiled generate(
      MetricGroup g,
      String zone,
      long lateness,
      Map<String, String> types,
      Map<String, String> columns,
      Map<String, Spec> specs,
      Map<String, List<Integer>> byWindow,
      Map<String, String> inlined,
      Map<String, Set<String>> derivedUses) {
    Script s = new Script();
    s.add(
        "-- Generated by Sluice from metric group "
            + g.name()
            + ". Edit the group, not this script.\nSET 'table.local-time-zone' = '"
            + zone
            + "';",
        "timeZone");
    String time = g.eventTime().field();
    boolean epoch = types.get(time).equals("BIGINT");
    List<String> events = new ArrayList<>();
    Map<String, String> validBySource = new LinkedHashMap<>();
    for (int i = 0; i < g.sources().size(); i++) {
      Source src = g.sources().get(i);
      // Every field from one parse of the event (the sluice-json format); an event that is not a
      // JSON object keeps its place in the stream with a reason in `_malformed`.
      StringBuilder ddl = new StringBuilder("CREATE TABLE `src_" + src.name() + "` (");
      List<String> paths = new ArrayList<>();
      for (Field f : src.fields()) {
        ddl.append("\n  `")
            .append(f.name())
            .append("` ")
            .append(sqlType(f.type().toUpperCase(Locale.ROOT)))
            .append(',');
        paths.add(f.name() + "=" + f.path());
      }
      ddl.append("\n  `_malformed` STRING");
      String raw = "`" + time + "`";
      ddl.append(",\n  `event_time` AS COALESCE(")
          .append(
              epoch ? "TO_TIMESTAMP_LTZ(" + raw + ", 3)" : "CAST(" + raw + " AS TIMESTAMP_LTZ(3))")
          .append(", TO_TIMESTAMP_LTZ(0, 3))");
      ddl.append(",\n  `proc_time` AS PROCTIME()");
      ddl.append(",\n  WATERMARK FOR `event_time` AS `event_time` - ")
          .append(Durations.interval(Math.max(lateness, 0)).replace("'0' DAY", "'0' SECOND"));
      ddl.append("\n) WITH (\n  'connector' = 'kafka',\n  'topic' = '")
          .append(esc(src.kafka().topic()))
          .append("',\n  'properties.bootstrap.servers' = '")
          .append(esc(src.kafka().bootstrapServers()))
          .append("',\n  'properties.group.id' = 'sluice-metrics-")
          .append(g.name())
          .append("',\n  'scan.startup.mode' = '")
          .append("earliest".equals(src.kafka().startFrom()) ? "earliest-offset" : "latest-offset")
          .append("',\n  'format' = 'sluice-json',\n  'sluice-json.paths' = '")
          .append(esc(String.join(";", paths)))
          .append("',\n  'sluice-json.error-column' = '_malformed'");
      if ("latest".equals(src.kafka().stopAt())) {
        ddl.append(",\n  'scan.bounded.mode' = 'latest-offset'");
      }
      if (src.kafka().properties() != null) {
        src.kafka()
            .properties()
            .forEach(
                (k, v) ->
                    ddl.append(",\n  'properties.")
                        .append(esc(k))
                        .append("' = '")
                        .append(esc(v))
                        .append("'"));
      }
      ddl.append("\n);");
      s.add(ddl.toString(), "sources[" + i + "]");
      // In the order of sources[0], which the union's columns follow.
      List<String> fields = new ArrayList<>();
      types.keySet().forEach(f -> fields.add("`" + f + "`"));
      String valid = "`_malformed` IS NULL AND " + raw + " IS NOT NULL";
      validBySource.put(src.name(), valid);
      events.add(
          "SELECT "
              + String.join(", ", fields)
              + ", `event_time`, `proc_time` FROM `src_"
              + src.name()
              + "` WHERE "
              + valid);
    }
    s.add("CREATE VIEW `events` AS\n" + String.join("\nUNION ALL\n", events) + ";", "sources");

    var pre =
        g.preprocess() == null ? new MetricGroup.Preprocess(null, null, null) : g.preprocess();
    for (int i = 0; i < pre.enrich().size(); i++) {
      MetricGroup.Enrich e = pre.enrich().get(i);
      StringBuilder ddl = new StringBuilder("CREATE TABLE `dim_" + e.name() + "` (");
      List<String> cols = new ArrayList<>();
      e.key()
          .forEach(
              (field, column) ->
                  cols.add(
                      "\n  `" + column + "` " + sqlType(columns.getOrDefault(field, "STRING"))));
      e.fields()
          .forEach(
              f ->
                  cols.add("\n  `" + f.name() + "` " + sqlType(f.type().toUpperCase(Locale.ROOT))));
      ddl.append(String.join(",", cols))
          .append("\n) WITH (\n  'connector' = 'jdbc',\n  'url' = '")
          .append(esc(e.jdbc().url()))
          .append("',\n  'table-name' = '")
          .append(esc(e.jdbc().table()))
          .append("'");
      if (e.jdbc().username() != null) {
        ddl.append(",\n  'username' = '")
            .append(esc(e.jdbc().username()))
            .append("',\n  'password' = '")
            .append(esc(e.jdbc().password() == null ? "" : e.jdbc().password()))
            .append("'");
      }
      int rows = e.cache() == null || e.cache().rows() == null ? 10000 : e.cache().rows();
      long ttl =
          e.cache() == null || e.cache().ttl() == null ? 600 : Durations.seconds(e.cache().ttl());
      ddl.append(",\n  'lookup.cache' = 'PARTIAL',\n  'lookup.partial-cache.max-rows' = '")
          .append(rows)
          .append("',\n  'lookup.partial-cache.expire-after-write' = '")
          .append(ttl)
          .append("s'\n);");
      s.add(ddl.toString(), "preprocess.enrich[" + i + "]");
    }
    StringBuilder prepared = new StringBuilder("CREATE VIEW `prepared` AS\nSELECT e.*");
    for (Derived d : pre.derived()) {
      prepared.append(",\n  (").append(d.expr()).append(") AS `").append(d.name()).append('`');
    }
    for (MetricGroup.Enrich e : pre.enrich()) {
      for (Field f : e.fields()) {
        prepared.append(",\n  `").append(e.name()).append("`.`").append(f.name()).append('`');
      }
    }
    prepared.append("\nFROM `events` AS e");
    for (MetricGroup.Enrich e : pre.enrich()) {
      List<String> on = new ArrayList<>();
      e.key()
          .forEach(
              (field, column) -> on.add("e.`" + field + "` = `" + e.name() + "`.`" + column + "`"));
      prepared
          .append("\nLEFT JOIN `dim_")
          .append(e.name())
          .append("` FOR SYSTEM_TIME AS OF e.`proc_time` AS `")
          .append(e.name())
          .append("`\n  ON ")
          .append(String.join(" AND ", on));
    }
    if (!pre.filters().isEmpty()) {
      prepared
          .append("\nWHERE ")
          .append(String.join("\n  AND ", pre.filters().stream().map(f -> "(" + f + ")").toList()));
    }
    prepared.append(';');
    s.add(prepared.toString(), "preprocess");

    boolean perMetric = "per_metric".equals(g.layout());
    Map<String, List<String>> windows = new LinkedHashMap<>();
    for (var entry : byWindow.entrySet()) {
      Spec spec = specs.get(entry.getKey());
      boolean unbounded = spec.id().equals("unbounded");
      List<String> keys = g.keys().stream().map(k -> "`" + k + "`").toList();
      // What every statement of the window starts with: its keys and the window's bounds.
      List<String> head = new ArrayList<>();
      for (String k : g.keys()) {
        head.add(
            columns.getOrDefault(k, "").isEmpty()
                ? "CAST(`" + k + "` AS STRING) AS `" + k + "`"
                : "`" + k + "`");
      }
      List<String> headNames = new ArrayList<>(keys);
      List<String> headCols = new ArrayList<>();
      g.keys().forEach(k -> headCols.add("`" + k + "` " + sqlType(columns.getOrDefault(k, ""))));
      if (!unbounded) {
        head.addAll(List.of("window_start", "window_end"));
        headNames.addAll(List.of("`window_start`", "`window_end`"));
        headCols.addAll(List.of("`window_start` TIMESTAMP(3)", "`window_end` TIMESTAMP(3)"));
      }
      List<String> metricNames = new ArrayList<>();
      entry.getValue().forEach(index -> metricNames.add(g.metrics().get(index).name()));
      List<String> derivedHere = new ArrayList<>();
      derivedUses.forEach(
          (name, uses) -> {
            if (metricNames.containsAll(uses)) {
              derivedHere.add(name);
            }
          });
      String from = windowed(spec, keys);
      // An event without a value for every key belongs to no group a keyed sink can hold.
      String withKeys =
          keys.isEmpty()
              ? ""
              : "\nWHERE "
                  + String.join(" AND ", keys.stream().map(k -> k + " IS NOT NULL").toList());
      List<String> groupBy = new ArrayList<>(keys);
      if (!unbounded) {
        groupBy.addAll(List.of("window_start", "window_end"));
      }

      // What each statement computes: the whole window (fused), or one metric each.
      List<Unit> units = new ArrayList<>();
      if (perMetric) {
        for (int index : entry.getValue()) {
          units.add(
              new Unit(
                  g.metrics().get(index).name(),
                  List.of(index),
                  true,
                  List.of(),
                  "metrics[" + index + "]"));
        }
        for (String d : derivedHere) {
          List<Integer> inputs = new ArrayList<>();
          for (int index : entry.getValue()) {
            if (derivedUses.get(d).contains(g.metrics().get(index).name())) {
              inputs.add(index);
            }
          }
          int at = 0;
          while (!g.derived().get(at).name().equals(d)) {
            at++;
          }
          units.add(new Unit(d, inputs, false, List.of(d), "derived[" + at + "]"));
        }
      } else {
        units.add(
            new Unit(
                null,
                entry.getValue(),
                true,
                derivedHere,
                "metrics[" + entry.getValue().get(0) + "]"));
      }
      for (Unit unit : units) {
        List<String> selected = new ArrayList<>(head);
        List<String> outCols = new ArrayList<>(headCols);
        for (int index : unit.metrics()) {
          Metric m = g.metrics().get(index);
          selected.add(aggregate(m, columns) + " AS `" + m.name() + "`");
          if (unit.emitsMetrics()) {
            outCols.add("`" + m.name() + "` " + resultType(m, columns));
          }
        }
        String query =
            "SELECT "
                + String.join(",\n  ", selected)
                + "\nFROM "
                + from
                + withKeys
                + (groupBy.isEmpty() ? "" : "\nGROUP BY " + String.join(", ", groupBy));
        if (!unit.derived().isEmpty()) {
          List<String> outer = new ArrayList<>(unit.emitsMetrics() ? List.of("*") : headNames);
          for (String d : unit.derived()) {
            outer.add("CAST(" + inlined.get(d) + " AS DOUBLE) AS `" + d + "`");
            outCols.add("`" + d + "` DOUBLE");
          }
          query = "SELECT " + String.join(",\n  ", outer) + "\nFROM (\n" + query + "\n)";
        }
        List<String> pk = new ArrayList<>(headNames);
        for (int i = 0; i < g.sinks().size(); i++) {
          Sink sink = g.sinks().get(i);
          String sinkName = sink.name() == null ? sink.type() : sink.name();
          String part = unit.name() == null ? "" : unit.name() + "_";
          String table = "out_" + spec.id() + "_" + part + sinkName;
          if (!s.tables.add(table)) {
            throw new DefinitionException(
                List.of(
                    new Problem(
                        "sinks[" + i + "].name",
                        "its tables would be named like another sink's ("
                            + table
                            + "): choose a name that does not end like a metric name")));
          }
          s.add(
              "CREATE TABLE `"
                  + table
                  + "` (\n  "
                  + String.join(",\n  ", outCols)
                  + (pk.isEmpty() || !keyed(sink, unbounded)
                      ? ""
                      : ",\n  PRIMARY KEY (" + String.join(", ", pk) + ") NOT ENFORCED")
                  + "\n) WITH (\n"
                  + sinkOptions(g, sink, spec.id(), unit.name(), unbounded)
                  + "\n);",
              "sinks[" + i + "]");
          s.add(
              "-- @name: "
                  + (unit.name() == null ? "" : unit.name() + "__")
                  + spec.id()
                  + "__"
                  + sinkName
                  + "\nINSERT INTO `"
                  + table
                  + "`\n"
                  + query
                  + ";",
              unit.path());
        }
      }
      metricNames.addAll(derivedHere);
      windows.put(spec.id(), metricNames);
    }
    // Malformed events, per source: counted, never failing the job.
    for (int i = 0; i < g.sinks().size(); i++) {
      Sink sink = g.sinks().get(i);
      String sinkName = sink.name() == null ? sink.type() : sink.name();
      String table = "out_malformed_" + sinkName;
      s.add(
          "CREATE TABLE `"
              + table
              + "` (\n  `source` STRING,\n  `malformed` BIGINT"
              + (keyed(sink, true) ? ",\n  PRIMARY KEY (`source`) NOT ENFORCED" : "")
              + "\n) WITH (\n"
              + sinkOptions(g, sink, "malformed", null, true)
              + "\n);",
          "sinks[" + i + "]");
      List<String> parts = new ArrayList<>();
      for (Source src : g.sources()) {
        parts.add(
            "SELECT '"
                + src.name()
                + "' AS `source` FROM `src_"
                + src.name()
                + "` WHERE NOT ("
                + validBySource.get(src.name())
                + ")");
      }
      s.add(
          "-- @name: malformed__"
              + sinkName
              + "\nINSERT INTO `"
              + table
              + "`\nSELECT `source`, COUNT(*) FROM (\n"
              + String.join("\nUNION ALL\n", parts)
              + "\n) GROUP BY `source`;",
          "sources");
    }
    return new Compiled(s.text(), s.paths, windows);
  }

  /**
   * What one statement of a window computes.
   *
   * @param name the metric (or derived metric) it is named after; null for a fused window
   * @param metrics the metrics it aggregates (indexes into the group's metrics)
   * @param emitsMetrics whether those metrics are written, or only feed derived metrics
   * @param derived the derived metrics it writes
   * @param path where in the definition it comes from
   */
  private record Unit(
      String name,
      List<Integer> metrics,
      boolean emitsMetrics,
      List<String> derived,
      String path) {}

  /** The FROM of a window's aggregation: a window table function over the prepared events. */
  private static String windowed(Spec spec, List<String> keys) {
    return switch (spec.window().type().toLowerCase(Locale.ROOT)) {
      case "tumble" ->
          "TABLE(TUMBLE(TABLE `prepared`, DESCRIPTOR(`event_time`), "
              + Durations.interval(spec.size())
              + "))";
      case "hop" ->
          "TABLE(HOP(TABLE `prepared`, DESCRIPTOR(`event_time`), "
              + Durations.interval(spec.slide())
              + ", "
              + Durations.interval(spec.size())
              + "))";
      case "cumulate" ->
          "TABLE(CUMULATE(TABLE `prepared`, DESCRIPTOR(`event_time`), "
              + Durations.interval(spec.slide())
              + ", "
              + Durations.interval(spec.size())
              + "))";
      case "session" ->
          "TABLE(SESSION(TABLE `prepared`"
              + (keys.isEmpty() ? "" : " PARTITION BY " + String.join(", ", keys))
              + ", DESCRIPTOR(`event_time`), "
              + Durations.interval(spec.size())
              + "))";
      default -> "`prepared`";
    };
  }

  /**
   * JDBC and Paimon sinks upsert by key (Paimon: a primary-key table); Kafka does only for updating
   * results (upsert-kafka).
   */
  private static boolean keyed(Sink sink, boolean updating) {
    return sink.type().equals("jdbc")
        || sink.type().equals("paimon")
        || sink.type().equals("kafka") && updating;
  }

  /**
   * A sink table's options. Per metric, Kafka, Paimon and print results go to their own topic,
   * table and identifier, while a database table is shared: each metric upserts its own column.
   */
  private static String sinkOptions(
      MetricGroup g, Sink sink, String window, String metric, boolean updating) {
    String target = metric == null ? window : window + "." + metric;
    return switch (sink.type()) {
      case "print" ->
          "  'connector' = 'print',\n  'print-identifier' = '" + g.name() + "." + target + "'";
      case "blackhole" -> "  'connector' = 'blackhole'";
      case "kafka" ->
          updating
              ? "  'connector' = 'upsert-kafka',\n  'topic' = '"
                  + esc(sink.topic())
                  + "."
                  + target
                  + "',\n  'properties.bootstrap.servers' = '"
                  + esc(sink.bootstrapServers())
                  + "',\n  'key.format' = 'json',\n  'value.format' = 'json'"
              : "  'connector' = 'kafka',\n  'topic' = '"
                  + esc(sink.topic())
                  + "."
                  + target
                  + "',\n  'properties.bootstrap.servers' = '"
                  + esc(sink.bootstrapServers())
                  + "',\n  'format' = 'json'";
      case "paimon" ->
          "  'connector' = 'paimon',\n  'path' = '"
              + esc(sink.warehouse().replaceAll("/+$", ""))
              + "/default.db/"
              + (sink.table() == null ? g.name() : sink.table())
              + "_"
              + target.replace('.', '_')
              + "',\n  'auto-create' = 'true'";
      default ->
          "  'connector' = 'jdbc',\n  'url' = '"
              + esc(sink.url())
              + "',\n  'table-name' = '"
              + esc(sink.table())
              + "_"
              + window
              + "'"
              + (sink.username() == null
                  ? ""
                  : ",\n  'username' = '"
                      + esc(sink.username())
                      + "',\n  'password' = '"
                      + esc(sink.password() == null ? "" : sink.password())
                      + "'");
    };
  }

  private static String aggregate(Metric m, Map<String, String> columns) {
    String agg = m.aggregation().toLowerCase(Locale.ROOT);
    String in = m.input() == null ? "*" : "`" + m.input() + "`";
    if (m.input() != null && columns.getOrDefault(m.input(), "").isEmpty()) {
      // A derived field's type is Flink's to infer: give the sink column a type it certainly fits.
      in =
          "CAST("
              + in
              + (Set.of("first_value", "last_value").contains(agg) ? " AS STRING)" : " AS DOUBLE)");
    }
    String call =
        switch (agg) {
          case "count" -> "COUNT(" + in + ")";
          case "count_distinct" -> "COUNT(DISTINCT " + in + ")";
          case "avg" -> "AVG(CAST(" + in + " AS DOUBLE))";
          case "var_pop", "var_samp", "stddev_pop", "stddev_samp" ->
              AGGREGATIONS.get(agg) + "(CAST(" + in + " AS DOUBLE))";
          case "last_k" -> "LAST_K(CAST(" + in + " AS STRING), `event_time`, " + m.k() + ")";
          case "percentile" ->
              "APPROX_PERCENTILE(CAST(" + in + " AS DOUBLE), " + m.percentile() + ")";
          default -> AGGREGATIONS.get(agg) + "(" + in + ")";
        };
    return m.filter() == null ? call : call + " FILTER (WHERE " + m.filter() + ")";
  }

  private static String resultType(Metric m, Map<String, String> columns) {
    String agg = m.aggregation().toLowerCase(Locale.ROOT);
    String in = m.input() == null ? "" : columns.getOrDefault(m.input(), "");
    return switch (agg) {
      case "count", "count_distinct", "approx_count_distinct" -> "BIGINT";
      case "last_k" -> "ARRAY<STRING>";
      case "sum", "min", "max" -> in.isEmpty() ? "DOUBLE" : sqlType(in);
      case "first_value", "last_value" -> in.isEmpty() ? "STRING" : sqlType(in);
      default -> "DOUBLE";
    };
  }

  private static String sqlType(String type) {
    return type.equals("TIMESTAMP") ? "TIMESTAMP(3)" : type.equals("") ? "STRING" : type;
  }

  private static String esc(String s) {
    return s.replace("'", "''");
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /**
   * Checks a name: lower-case, and (when valid) {@code free} of clashes, else {@code clash} is
   * reported. Returns whether the name itself is valid.
   */
  private static boolean name(
      List<Problem> problems, String name, String path, boolean free, String clash) {
    if (!check(problems, name != null && NAME.matcher(name).matches(), path, "a lower-case name")) {
      return false;
    }
    check(problems, free, path, clash);
    return true;
  }

  private static boolean check(List<Problem> problems, boolean ok, String path, String message) {
    if (!ok) {
      problems.add(new Problem(path, message));
    }
    return ok;
  }

  /** Statements in order, each with the definition path it came from. */
  static final class Script {
    final StringBuilder text = new StringBuilder();
    final Map<Integer, String> paths = new LinkedHashMap<>();
    int count;

    final Set<String> tables = new java.util.HashSet<>();

    void add(String statement, String path) {
      // A leading comment and SET share a statement with what follows only if no ';' separates
      // them.
      int statements = terminators(statement);
      for (int i = 0; i < statements; i++) {
        paths.put(++count, path);
      }
      text.append(statement).append("\n\n");
    }

    String text() {
      return text.toString().strip() + "\n";
    }

    /**
     * The ';' that end statements: not those in quotes (option values, identifiers) or comments, by
     * the rules the engine splits scripts with.
     */
    static int terminators(String sql) {
      int count = 0;
      char quote = 0;
      for (int i = 0; i < sql.length(); i++) {
        char c = sql.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0; // a doubled quote toggles twice
          }
        } else if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        } else if (c == '-' && sql.startsWith("--", i)) {
          int end = sql.indexOf('\n', i);
          i = end < 0 ? sql.length() : end;
        } else if (c == '/' && sql.startsWith("/*", i)) {
          int end = sql.indexOf("*/", i + 2);
          i = end < 0 ? sql.length() : end + 1;
        } else if (c == ';') {
          count++;
        }
      }
      return count;
    }
  }
}
