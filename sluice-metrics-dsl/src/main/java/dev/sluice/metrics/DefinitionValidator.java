package dev.sluice.metrics;

import dev.sluice.metrics.MetricGroup.Derived;
import dev.sluice.metrics.MetricGroup.Field;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The first stage of compiling a group: every check a schema cannot make (names that refer to
 * fields, windows whose slide divides their size, cycles of derived metrics, types an aggregation
 * needs), each problem with its path in the definition, and, when there is none, the group resolved
 * for planning.
 */
final class DefinitionValidator {
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile("\\$\\{secret:[A-Za-z0-9_.-]{1,128}}");
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*|\\[\\d+])+");
  private static final Pattern SINK_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");
  private static final String TYPES =
      "STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), TIMESTAMP or TIMESTAMP_LTZ";

  private final MetricGroup g;
  private final Problems problems = new Problems();

  private DefinitionValidator(MetricGroup group) {
    this.g = group;
  }

  /** The group resolved; a {@link DefinitionException} with every problem found if it has any. */
  static ResolvedGroup resolve(MetricGroup group) {
    return new DefinitionValidator(group).resolve();
  }

  private ResolvedGroup resolve() {
    problems.check(
        g.name() != null && NAME.matcher(g.name()).matches(),
        "name",
        "lower-case letters, digits and '_', starting with a letter (at most 64)");
    String zone = g.timeZone() == null ? "UTC" : g.timeZone();
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      problems.add("timeZone", "unknown time zone '" + zone + "'");
    }
    Layout layout = Layout.of(g.layout());
    problems.check(
        layout != null,
        "layout",
        "fused (one aggregation per window) or per_metric (one statement per metric)");

    List<ResolvedGroup.Source> sources = sources();
    Map<String, FieldType> types = new LinkedHashMap<>();
    if (!sources.isEmpty()) {
      sources.get(0).fields().forEach(f -> types.put(f.name(), f.type()));
    }
    ResolvedGroup.EventTime eventTime = eventTime(types);

    Map<String, FieldType> columns = new LinkedHashMap<>(types);
    var pre =
        g.preprocess() == null ? new MetricGroup.Preprocess(null, null, null) : g.preprocess();
    List<ResolvedGroup.DerivedField> derivedFields = new ArrayList<>();
    for (int i = 0; i < pre.derived().size(); i++) {
      Derived d = pre.derived().get(i);
      String p = "preprocess.derived[" + i + "]";
      if (problems.name(
          d.name(),
          p + ".name",
          !columns.containsKey(d.name()),
          d.name() + " is already a field")) {
        columns.put(d.name(), FieldType.INFERRED);
      }
      SqlExpression expr = expression(d.expr(), p + ".expr", "a SQL expression over the fields");
      if (expr != null && d.name() != null) {
        derivedFields.add(new ResolvedGroup.DerivedField(d.name(), expr));
      }
    }
    List<SqlExpression> filters = new ArrayList<>();
    for (int i = 0; i < pre.filters().size(); i++) {
      SqlExpression f =
          expression(pre.filters().get(i), "preprocess.filters[" + i + "]", "a SQL condition");
      if (f != null) {
        filters.add(f);
      }
    }
    List<ResolvedGroup.Enrichment> enrichments = new ArrayList<>();
    for (int i = 0; i < pre.enrich().size(); i++) {
      ResolvedGroup.Enrichment e =
          enrichment(pre.enrich().get(i), "preprocess.enrich[" + i + "]", columns);
      if (e != null) {
        enrichments.add(e);
      }
    }

    for (int i = 0; i < g.keys().size(); i++) {
      problems.check(
          columns.containsKey(g.keys().get(i)),
          "keys[" + i + "]",
          "no field named " + g.keys().get(i));
    }

    problems.check(!g.metrics().isEmpty(), "metrics", "at least one metric");
    Set<String> names = new LinkedHashSet<>();
    Map<String, WindowSpec> specs = new LinkedHashMap<>();
    Map<String, List<ResolvedGroup.Metric>> byWindow = new LinkedHashMap<>();
    for (int i = 0; i < g.metrics().size(); i++) {
      MetricGroup.Metric m = g.metrics().get(i);
      String p = "metrics[" + i + "]";
      problems.name(
          m.name(),
          p + ".name",
          names.add(m.name()) && !columns.containsKey(m.name()),
          m.name() + " is already used");
      ResolvedGroup.Metric metric = metric(m, i, columns);
      for (int j = 0; j < m.windows().size(); j++) {
        WindowSpec spec = Windows.resolve(m.windows().get(j), p + ".windows[" + j + "]", problems);
        if (spec != null) {
          specs.putIfAbsent(spec.id(), spec);
          if (metric != null) {
            byWindow.computeIfAbsent(spec.id(), k -> new ArrayList<>()).add(metric);
          }
        }
      }
    }
    List<ResolvedGroup.DerivedMetric> derived = DerivedMetrics.inline(g, names, columns, problems);
    List<ResolvedGroup.Sink> sinks = sinks();
    for (int i = 0; i < g.references().size(); i++) {
      problems.add(
          "references[" + i + "]",
          "references are resolved by the server before compiling; "
              + g.references().get(i)
              + " was not");
    }
    problems.throwIfAny();

    List<ResolvedGroup.Window> windows = new ArrayList<>();
    byWindow.forEach(
        (id, metrics) -> windows.add(new ResolvedGroup.Window(specs.get(id), metrics)));
    return new ResolvedGroup(
        g.name(),
        zone,
        layout,
        sources,
        eventTime,
        columns,
        derivedFields,
        filters,
        enrichments,
        g.keys(),
        windows,
        derived,
        sinks);
  }

  private List<ResolvedGroup.Source> sources() {
    problems.check(!g.sources().isEmpty(), "sources", "at least one source");
    Set<String> sourceNames = new LinkedHashSet<>();
    Map<String, FieldType> first = null;
    List<ResolvedGroup.Source> out = new ArrayList<>();
    for (int i = 0; i < g.sources().size(); i++) {
      MetricGroup.Source s = g.sources().get(i);
      String p = "sources[" + i + "]";
      problems.name(
          s.name(), p + ".name", sourceNames.add(s.name()), "another source is named " + s.name());
      if (s.kafka() == null) {
        problems.add(p + ".kafka", "required: {topic, bootstrapServers}");
      } else {
        problems.check(notBlank(s.kafka().topic()), p + ".kafka.topic", "required");
        problems.check(
            notBlank(s.kafka().bootstrapServers()), p + ".kafka.bootstrapServers", "required");
        problems.check(
            s.kafka().startFrom() == null
                || Set.of("earliest", "latest").contains(s.kafka().startFrom()),
            p + ".kafka.startFrom",
            "earliest or latest");
        problems.check(
            s.kafka().stopAt() == null || s.kafka().stopAt().equals("latest"),
            p + ".kafka.stopAt",
            "latest, or leave it out to read on");
      }
      problems.check(!s.fields().isEmpty(), p + ".fields", "at least one field");
      Map<String, FieldType> own = new LinkedHashMap<>();
      List<ResolvedGroup.Column> fields = new ArrayList<>();
      for (int j = 0; j < s.fields().size(); j++) {
        Field f = s.fields().get(j);
        String fp = p + ".fields[" + j + "]";
        problems.name(
            f.name(),
            fp + ".name",
            !own.containsKey(f.name()),
            "another field is named " + f.name());
        problems.check(
            f.path() != null && PATH.matcher(f.path()).matches(),
            fp + ".path",
            "a JSON path like $.payer.id or $.items[0].sku");
        FieldType type = FieldType.parse(f.type()).orElse(null);
        problems.check(type != null, fp + ".type", TYPES);
        TimeUnit unit = unit(f, type, fp);
        if (f.name() != null) {
          // An unknown type is reported once, here, not again by every metric using the field.
          own.put(f.name(), type == null ? FieldType.INFERRED : type);
          fields.add(new ResolvedGroup.Column(f.name(), f.path(), type, unit));
        }
      }
      if (first == null) {
        first = own;
      } else if (!own.equals(first)) {
        // Units may differ: each topic's producer writes its own epoch numbers.
        problems.add(
            p + ".fields",
            "sources are unioned, so each declares the same fields and types as sources[0]: "
                + describe(first));
      }
      out.add(new ResolvedGroup.Source(s.name(), s.kafka(), fields));
    }
    return out;
  }

  private static String describe(Map<String, FieldType> types) {
    Map<String, String> out = new LinkedHashMap<>();
    types.forEach((k, v) -> out.put(k, v.name()));
    return out.toString();
  }

  private TimeUnit unit(Field f, FieldType type, String path) {
    if (f.unit() == null) {
      return TimeUnit.MILLISECONDS;
    }
    TimeUnit unit = TimeUnit.of(f.unit());
    problems.check(
        unit != null, path + ".unit", "milliseconds or seconds: what an epoch number counts");
    problems.check(
        type == null || type.timestamp(),
        path + ".unit",
        "only a TIMESTAMP or TIMESTAMP_LTZ field has one: it says what its epoch numbers count");
    return unit == null ? TimeUnit.MILLISECONDS : unit;
  }

  private ResolvedGroup.EventTime eventTime(Map<String, FieldType> types) {
    long lateness = 0;
    if (g.eventTime() == null || g.eventTime().field() == null) {
      problems.add("eventTime.field", "required: the field holding the event's time");
      return new ResolvedGroup.EventTime("", FieldType.BIGINT, 0);
    }
    FieldType t = types.get(g.eventTime().field());
    if (t == null) {
      problems.add("eventTime.field", "no field named " + g.eventTime().field());
    } else {
      problems.check(
          t.inferred() || t.equals(FieldType.BIGINT) || t.timestamp(),
          "eventTime.field",
          "a BIGINT (epoch milliseconds), TIMESTAMP or TIMESTAMP_LTZ field, not " + t.name());
    }
    if (g.eventTime().lateness() != null) {
      lateness = Durations.seconds(g.eventTime().lateness());
      problems.check(lateness >= 0, "eventTime.lateness", "a duration such as 5s or 1min");
    }
    return new ResolvedGroup.EventTime(
        g.eventTime().field(), t == null ? FieldType.BIGINT : t, Math.max(lateness, 0));
  }

  private ResolvedGroup.Enrichment enrichment(
      MetricGroup.Enrich e, String p, Map<String, FieldType> columns) {
    problems.check(
        e.name() != null && NAME.matcher(e.name()).matches(), p + ".name", "a lower-case name");
    if (e.jdbc() == null || !notBlank(e.jdbc().url()) || !notBlank(e.jdbc().table())) {
      problems.add(p + ".jdbc", "required: {url, table}");
    }
    if (e.jdbc() != null) {
      password(e.jdbc().password(), p + ".jdbc.password");
    }
    if (e.key() == null || e.key().isEmpty()) {
      problems.add(p + ".key", "required: event field to dimension column");
    } else {
      e.key()
          .forEach(
              (field, column) -> {
                problems.check(
                    columns.containsKey(field), p + ".key." + field, "no field named " + field);
                problems.check(
                    notBlank(column), p + ".key." + field, "the dimension column it matches");
              });
    }
    problems.check(!e.fields().isEmpty(), p + ".fields", "the dimension columns to add");
    List<ResolvedGroup.Column> fields = new ArrayList<>();
    for (int j = 0; j < e.fields().size(); j++) {
      Field f = e.fields().get(j);
      String fp = p + ".fields[" + j + "]";
      FieldType type = FieldType.parse(f.type()).orElse(null);
      if (problems.name(
          f.name(),
          fp + ".name",
          !columns.containsKey(f.name()),
          f.name() + " is already a field")) {
        columns.put(f.name(), type == null ? FieldType.INFERRED : type);
        fields.add(new ResolvedGroup.Column(f.name(), null, type, TimeUnit.MILLISECONDS));
      }
      problems.check(type != null, fp + ".type", "a type");
      problems.check(f.unit() == null, fp + ".unit", "only a field of a source has one");
    }
    long ttl = 600;
    if (e.cache() != null && e.cache().ttl() != null) {
      ttl = Durations.seconds(e.cache().ttl());
      problems.check(ttl > 0, p + ".cache.ttl", "a duration such as 10min");
    }
    int rows = e.cache() == null || e.cache().rows() == null ? 10000 : e.cache().rows();
    if (e.name() == null || e.jdbc() == null || e.key() == null) {
      return null;
    }
    return new ResolvedGroup.Enrichment(e.name(), e.jdbc(), e.key(), fields, rows, ttl);
  }

  private ResolvedGroup.Metric metric(MetricGroup.Metric m, int i, Map<String, FieldType> columns) {
    String p = "metrics[" + i + "]";
    Aggregation agg = Aggregation.of(m.aggregation());
    SqlExpression filter =
        m.filter() == null ? null : expression(m.filter(), p + ".filter", "a SQL condition");
    problems.check(
        !m.windows().isEmpty(),
        p + ".windows",
        "at least one window (type: unbounded for running totals)");
    if (agg == null) {
      problems.add(p + ".aggregation", "one of " + Aggregation.spellings());
      return null;
    }
    FieldType inputType = null;
    if (m.input() == null) {
      problems.check(
          agg == Aggregation.COUNT, p + ".input", agg.spelling() + " needs an input field");
    } else if (!columns.containsKey(m.input())) {
      problems.add(p + ".input", "no field named " + m.input());
    } else {
      inputType = columns.get(m.input());
      if (agg.needsNumber()) {
        problems.check(
            inputType.inferred() || inputType.numeric(),
            p + ".aggregation",
            agg.spelling() + " needs a numeric input; " + m.input() + " is " + inputType.name());
      }
    }
    if (agg == Aggregation.LAST_K) {
      problems.check(
          m.k() != null && m.k() >= 1 && m.k() <= 100,
          p + ".k",
          "how many latest values to keep, 1 to 100");
    } else {
      problems.check(m.k() == null, p + ".k", "only a last_k metric has one");
    }
    if (agg == Aggregation.PERCENTILE) {
      problems.check(
          m.percentile() != null && m.percentile() > 0 && m.percentile() < 1,
          p + ".percentile",
          "a rank between 0 and 1 exclusive, e.g. 0.99");
    } else {
      problems.check(m.percentile() == null, p + ".percentile", "only a percentile metric has one");
    }
    if (m.name() == null) {
      return null;
    }
    return new ResolvedGroup.Metric(
        i,
        m.name(),
        agg,
        m.input(),
        inputType == null ? FieldType.INFERRED : inputType,
        filter,
        m.percentile(),
        m.k());
  }

  private List<ResolvedGroup.Sink> sinks() {
    problems.check(!g.sinks().isEmpty(), "sinks", "at least one sink (type: print to try it out)");
    Set<String> sinkNames = new LinkedHashSet<>();
    List<ResolvedGroup.Sink> out = new ArrayList<>();
    for (int i = 0; i < g.sinks().size(); i++) {
      MetricGroup.Sink s = g.sinks().get(i);
      String p = "sinks[" + i + "]";
      SinkType type = SinkType.of(s.type());
      String name = s.name() == null ? s.type() == null ? "" : s.type() : s.name();
      problems.check(sinkNames.add(name), p + ".name", "two sinks have the same name; name them");
      // It ends the names of its statements, which a `-- @name:` comment carries.
      problems.check(
          s.name() == null || SINK_NAME.matcher(s.name()).matches(),
          p + ".name",
          "letters, digits, '_', '.' and '-' (at most 64): it names the sink's statements");
      if (type == null) {
        problems.add(p + ".type", "print, kafka, jdbc, paimon or blackhole");
        continue;
      }
      switch (type) {
        case PRINT, BLACKHOLE -> {}
        case KAFKA -> {
          problems.check(notBlank(s.bootstrapServers()), p + ".bootstrapServers", "required");
          problems.check(notBlank(s.topic()), p + ".topic", "required: the topic prefix");
        }
        case JDBC -> {
          problems.check(notBlank(s.url()), p + ".url", "required");
          problems.check(notBlank(s.table()), p + ".table", "required: the table prefix");
          password(s.password(), p + ".password");
        }
        case PAIMON -> {
          problems.check(
              notBlank(s.warehouse()),
              p + ".warehouse",
              "required: the directory or object store URI holding the tables");
          problems.check(
              s.table() == null || NAME.matcher(s.table()).matches(),
              p + ".table",
              "a lower-case table prefix (the group's name by default)");
        }
      }
      out.add(new ResolvedGroup.Sink(i, name, type, s));
    }
    return out;
  }

  /**
   * A password is never part of a definition: it is stored, versioned and shown. It names a secret
   * of the platform's secret store instead, resolved only when the job is submitted.
   */
  private void password(String password, String path) {
    problems.check(
        password == null || password.isEmpty() || SECRET_REFERENCE.matcher(password).matches(),
        path,
        "a password is not written into a definition: store it as a secret (POST /api/v1/secrets"
            + " {\"name\": \"db_password\", \"value\": ...}) and write ${secret:db_password}");
  }

  /** An expression tokenized; null (with the problem noted) when it is blank or unterminated. */
  private SqlExpression expression(String text, String path, String what) {
    if (!problems.check(notBlank(text), path, what)) {
      return null;
    }
    try {
      return SqlExpression.parse(text, path);
    } catch (DefinitionException e) {
      e.problems().forEach(problems::add);
      return null;
    }
  }

  static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
