package dev.sluice.server.datasources;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.sync.SyncProgram;
import dev.sluice.integration.source.InvalidSourceException;
import dev.sluice.integration.source.SourceType;
import dev.sluice.integration.sync.SyncDefinition;
import dev.sluice.integration.sync.SyncPlan;
import dev.sluice.integration.sync.SyncPlanner;
import dev.sluice.integration.sync.SyncTarget;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.jdbc.BrowsePasswords;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.SyncPrograms;
import dev.sluice.server.secrets.SecretStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sync jobs: a version is its sync definition (the data source by name, the tables, the target, the
 * schema change policy) as canonical JSON, so that versions diff line by line; each deploy plans it
 * against the source's catalog as it is then and hands the engine the tables, their columns and
 * their sinks.
 */
@Component
public class SyncJobs implements SyncPrograms {
  /** The first MySQL server id of sync jobs; each job has a range of its own from there. */
  static final int SERVER_ID_BASE = 5400;

  /** Server ids per job: a MySQL source reads with at most this many parallel readers. */
  static final int SERVER_IDS_PER_JOB = 64;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final DatasourceStore store;
  private final DatasourceService datasources;
  private final SecretStore secrets;
  private final SyncTargetTables targetTables;
  private final JsonMapper json;

  public SyncJobs(
      DatasourceStore store,
      DatasourceService datasources,
      SecretStore secrets,
      SyncTargetTables targetTables,
      JsonMapper json) {
    this.store = store;
    this.datasources = datasources;
    this.secrets = secrets;
    this.targetTables = targetTables;
    this.json = json;
  }

  /**
   * Checks a definition (its fields, its data source in the project, the secrets it names) and
   * writes it as a version's text; errors name their field under {@code sync.}.
   */
  public String canonical(String project, Map<String, Object> definition) {
    if (definition == null) {
      throw new InvalidFieldException(
          "sync",
          "required: the sync definition {source, tables, exclude?, target, schemaChanges?}");
    }
    Datasource source = source(project, definition.get("source"));
    SyncDefinition def = parse(definition);
    if (def.target().kind() == SyncTarget.Kind.JDBC) {
      SyncTargetTables.checkParameters(def.target());
    }
    String reference = def.target().password();
    if (reference != null) {
      String name = BrowsePasswords.reference(reference);
      if (!secrets.valueExists(name)) {
        throw new InvalidFieldException(
            "sync.target.password",
            "the secret '" + name + "' does not exist (store it with POST /api/v1/secrets)");
      }
      if (!project.equals(secrets.project(name))) {
        throw new InvalidFieldException(
            "sync.target.password",
            "the secret '" + name + "' is not in project '" + project + "'");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", source.name());
    out.put("tables", def.tables());
    if (!def.exclude().isEmpty()) {
      out.put("exclude", def.exclude());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> given = (Map<String, Object>) definition.get("target");
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("type", def.target().kind().id());
    new TreeMap<>(given).forEach((k, v) -> target.putIfAbsent(k, v));
    out.put("target", target);
    out.put("schemaChanges", def.schemaChanges());
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
  }

  private static final tools.jackson.databind.ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final tools.jackson.databind.ObjectMapper STRICT_YAML =
      tools.jackson.dataformat.yaml.YAMLMapper.builder()
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /**
   * A definition written as JSON or YAML, as maps and lists.
   *
   * @param field where the text was given, for messages ({@code script}, or empty for a body)
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> definition(String text, String field) {
    String where = field.isEmpty() ? "tables" : field;
    if (text == null || text.isBlank()) {
      throw new InvalidFieldException(
          where, "required: the sync definition {tables, exclude?, target, schemaChanges?}");
    }
    boolean isJson = text.stripLeading().startsWith("{");
    try {
      Object tree = (isJson ? STRICT_JSON : STRICT_YAML).readValue(text, Object.class);
      if (!(tree instanceof Map<?, ?> map)) {
        throw new InvalidRequestException("A sync definition is an object {tables, target, ...}");
      }
      return (Map<String, Object>) map;
    } catch (JacksonException e) {
      throw new InvalidRequestException(
          "The sync definition is not valid "
              + (isJson ? "JSON" : "YAML")
              + ": "
              + e.getOriginalMessage());
    }
  }

  /** A saved version's definition, as maps and lists. */
  public Map<String, Object> read(String text) {
    try {
      return json.readValue(text, MAP);
    } catch (JacksonException e) {
      throw new InvalidFieldException(
          "sync", "a sync job's definition is a JSON object: " + e.getOriginalMessage());
    }
  }

  @Override
  public Program program(Job job, String text, Map<String, String> defaults, boolean submit) {
    Map<String, Object> definition = read(text);
    Datasource d = source(job.project(), definition.get("source"));
    SyncDefinition def = parse(definition);
    SyncPlan plan =
        datasources.read(d, (probe, ds) -> SyncPlanner.plan(def, ds.name(), ds.spec(), probe));
    List<Problem> problems = new ArrayList<>();
    plan.problems().forEach(p -> problems.add(new Problem(0, 1, 1, p)));
    for (SyncPlan.PlannedTable t : plan.tables()) {
      t.problems().forEach(p -> problems.add(new Problem(0, 1, 1, t.source() + ": " + p)));
    }
    if (!problems.isEmpty()) {
      throw new ScriptException(problems);
    }
    Map<String, String> values = new TreeMap<>();
    String password = null;
    String targetPassword = null;
    if (submit) {
      password = datasources.password(d);
      if (password != null) {
        values.put(d.passwordSecret(), password);
      }
      String reference = def.target().password();
      if (reference != null) {
        String name = BrowsePasswords.reference(reference);
        secrets.requireInProject(Set.of(name), job.project());
        targetPassword =
            secrets
                .value(name)
                .orElseThrow(
                    () ->
                        new InvalidFieldException(
                            "sync.target.password",
                            "the secret '" + name + "' does not exist any more"));
        values.put(name, targetPassword);
      }
      if (def.target().kind() == SyncTarget.Kind.JDBC) {
        targetTables.prepare(def.target(), targetPassword, plan);
      }
    }
    List<SyncProgram.Table> tables = new ArrayList<>();
    for (SyncPlan.PlannedTable t : plan.tables()) {
      int dot = t.source().indexOf('.');
      tables.add(
          new SyncProgram.Table(
              t.source().substring(0, dot),
              t.source().substring(dot + 1),
              t.columns().stream()
                  .map(c -> new SyncProgram.Column(c.name(), c.flinkType()))
                  .toList(),
              t.primaryKey(),
              t.target(),
              sink(def.target(), t, targetPassword)));
    }
    SyncProgram.Source source =
        new SyncProgram.Source(
            connector(d.spec().type()),
            d.name(),
            d.host(),
            d.port(),
            d.database(),
            d.username(),
            // The connectors require one; a login without a password has the empty one.
            submit && password != null ? password : "",
            sourceOptions(job, d.spec().type()));
    return new Program(
        new SyncProgram(job.name(), source, tables, job.defaultParallelism(), defaults), values);
  }

  /** The Flink sink table's options of one table. */
  static Map<String, String> sink(SyncTarget target, SyncPlan.PlannedTable table, String password) {
    Map<String, String> o = new LinkedHashMap<>();
    switch (target.kind()) {
      case KAFKA -> {
        boolean upsert = "upsert".equals(target.format());
        o.put("connector", upsert ? "upsert-kafka" : "kafka");
        o.put("topic", table.target());
        o.put("properties.bootstrap.servers", target.address());
        if (upsert) {
          o.put("key.format", "json");
          o.put("value.format", "json");
        } else {
          o.put("value.format", target.format());
          if (!table.primaryKey().isEmpty()) {
            // Records of one row go to one partition, in order.
            o.put("key.format", "json");
            o.put("key.fields", String.join(";", table.primaryKey()));
          }
        }
      }
      case PAIMON -> {
        o.put("connector", "paimon");
        String warehouse =
            target.address().endsWith("/")
                ? target.address().substring(0, target.address().length() - 1)
                : target.address();
        // Where a Paimon catalog on the same warehouse finds the table.
        o.put("path", warehouse + "/" + target.database() + ".db/" + table.target());
        o.put("auto-create", "true");
        if (!target.partitionBy().isEmpty()) {
          o.put("partition", String.join(",", target.partitionBy()));
        }
      }
      case JDBC -> {
        o.put("connector", "jdbc");
        o.put("url", target.address());
        // PostgreSQL's dialect writes names as they are given: quoted, they keep their case.
        o.put(
            "table-name",
            "postgresql".equals(target.dialect())
                ? java.util.Arrays.stream(table.target().split("\\.", -1))
                    .map(part -> "\"" + part.replace("\"", "\"\"") + "\"")
                    .collect(java.util.stream.Collectors.joining("."))
                : table.target());
        if (target.username() != null) {
          o.put("username", target.username());
          // The connector takes a login with its password: a login without one has the empty one.
          o.put("password", password == null ? "" : password);
        }
      }
    }
    return o;
  }

  /**
   * The job's own replication identity: MySQL server ids no other sync job uses, a PostgreSQL
   * replication slot of its own (two jobs on one slot would take each other's changes).
   */
  static Map<String, String> sourceOptions(Job job, SourceType type) {
    return switch (type) {
      case MYSQL, MARIADB -> {
        long first = SERVER_ID_BASE + job.id() * SERVER_IDS_PER_JOB;
        yield Map.of("server-id", first + "-" + (first + SERVER_IDS_PER_JOB - 1));
      }
      case POSTGRESQL -> Map.of("slot.name", "sluice_sync_" + job.id());
      default -> Map.of();
    };
  }

  private static String connector(SourceType type) {
    return switch (type) {
      case MYSQL, MARIADB -> "mysql";
      case POSTGRESQL -> "postgres";
      case ORACLE -> "oracle";
      default ->
          throw new InvalidFieldException(
              "sync.source",
              "a sync reads MySQL, MariaDB, PostgreSQL or Oracle; this build has no "
                  + type.label()
                  + " CDC source for sync jobs");
    };
  }

  /** The definition's data source: one of the job's project, of a type a sync reads. */
  private Datasource source(String project, Object name) {
    if (!(name instanceof String s) || s.isBlank()) {
      throw new InvalidFieldException(
          "sync.source", "required: the name of the data source the sync reads");
    }
    Datasource d =
        store
            .byName(s.trim())
            .filter(x -> x.project().equals(project))
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "sync.source",
                        "no data source '" + s.trim() + "' in project '" + project + "'"));
    connector(d.spec().type());
    return d;
  }

  private static SyncDefinition parse(Map<String, Object> definition) {
    try {
      return SyncDefinition.parse(definition);
    } catch (InvalidSourceException e) {
      throw new InvalidFieldException("sync." + e.field(), e.getMessage());
    }
  }
}
