package dev.sluice.server.datasources;

import dev.sluice.integration.metadata.Schema;
import dev.sluice.integration.metadata.SourceCatalog;
import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.metadata.TableDetail;
import dev.sluice.integration.readiness.Readiness;
import dev.sluice.integration.readiness.ReadinessCheck;
import dev.sluice.integration.source.JdbcProbe;
import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import dev.sluice.integration.source.SourceType;
import dev.sluice.integration.sync.SyncDefinition;
import dev.sluice.integration.sync.SyncPlan;
import dev.sluice.integration.sync.SyncPlanner;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.jdbc.BrowsePasswords;
import dev.sluice.server.secrets.SecretStore;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers source databases in projects and reads them: connection tests, their catalogs and their
 * CDC readiness. A password is kept only as a project secret; it is read in the clear for the one
 * connection a request opens, and never returned, logged or put in a message.
 */
@Service
public class DatasourceService {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private final DatasourceStore store;
  private final SecretStore secrets;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;

  public DatasourceService(
      DatasourceStore store,
      SecretStore secrets,
      Access access,
      ProjectService projects,
      Audit audit) {
    this.store = store;
    this.secrets = secrets;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
  }

  /**
   * A data source as a request gives it.
   *
   * @param password {@code ${secret:name}}, a literal password, or null (none, or unchanged on an
   *     update)
   */
  public record Request(
      String name,
      String project,
      String type,
      String host,
      Integer port,
      String database,
      String username,
      String password,
      boolean passwordGiven,
      String description) {}

  public record TypeView(
      String id,
      String label,
      int defaultPort,
      boolean supported,
      String cdcConnector,
      String note) {}

  public record TestResult(
      boolean ok, String product, String version, long millis, String message) {}

  public List<TypeView> types() {
    return Arrays.stream(SourceType.values())
        .map(
            t ->
                new TypeView(
                    t.id(), t.label(), t.defaultPort(), t.supported(), t.cdcConnector(), t.note()))
        .toList();
  }

  public List<Datasource> list(String project) {
    List<Datasource> all = access.readable(store.all(), Datasource::project);
    return project == null || project.isBlank()
        ? all
        : all.stream().filter(d -> d.project().equals(project.trim())).toList();
  }

  /** A data source by id or name, if the caller holds the role in its project (else a 404). */
  public Datasource get(String ref, Role needed) {
    Optional<Datasource> found =
        ref != null && ref.matches("\\d{1,18}")
            ? store.byId(Long.parseLong(ref))
            : store.byName(ref);
    String what = "Data source '" + ref + "'";
    Datasource d = found.orElseThrow(() -> new NotFoundException(what));
    access.require(d.project(), needed, what);
    return d;
  }

  @Transactional
  public Datasource create(Request r) {
    String project = access.defaultProject(r.project(), Role.OPERATOR);
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    String name = name(r.name());
    if (store.byName(name).isPresent()) {
      throw new ConflictException("A data source named '" + name + "' already exists");
    }
    SourceSpec spec = SourceSpec.of(r.type(), r.host(), r.port(), r.database(), r.username());
    String author = access.username();
    String secret =
        r.password() == null ? null : passwordSecret(name, project, r.password(), author);
    Datasource d = store.insert(name, project, spec, secret, description(r.description()), author);
    audit.record(
        author, "datasource.create", project, name, spec.type().id() + " " + spec.address());
    return d;
  }

  @Transactional
  public Datasource update(String ref, Request r) {
    Datasource d = get(ref, Role.OPERATOR);
    if (r.project() != null && !r.project().isBlank() && !r.project().trim().equals(d.project())) {
      throw new InvalidFieldException(
          "project", "a data source stays in its project ('" + d.project() + "')");
    }
    String name = r.name() == null ? d.name() : name(r.name());
    if (!name.equals(d.name()) && store.byName(name).isPresent()) {
      throw new ConflictException("A data source named '" + name + "' already exists");
    }
    SourceSpec spec = SourceSpec.of(r.type(), r.host(), r.port(), r.database(), r.username());
    String author = access.username();
    String secret = d.passwordSecret();
    if (r.passwordGiven()) {
      secret =
          r.password() == null ? null : passwordSecret(name, d.project(), r.password(), author);
    }
    Datasource updated = store.update(d.id(), name, spec, secret, description(r.description()));
    audit.record(
        author,
        "datasource.update",
        d.project(),
        name,
        spec.type().id() + " " + spec.address() + (r.passwordGiven() ? ", password changed" : ""));
    return updated;
  }

  @Transactional
  public void delete(String ref) {
    Datasource d = get(ref, Role.OPERATOR);
    store.delete(d.id());
    String own = ownSecret(d.name());
    if (own.equals(d.passwordSecret()) && secrets.valueExists(own)) {
      secrets.delete(own);
    }
    audit.record(access.username(), "datasource.delete", d.project(), d.name(), null);
  }

  public TestResult test(String ref) {
    Datasource d = get(ref, Role.DEVELOPER);
    String password = password(d);
    long start = System.nanoTime();
    try (Connection c = SourceConnector.open(d.spec(), password)) {
      DatabaseMetaData meta = c.getMetaData();
      long millis = (System.nanoTime() - start) / 1_000_000;
      String product = meta.getDatabaseProductName();
      String version = meta.getDatabaseProductVersion();
      return new TestResult(
          true,
          product,
          version,
          millis,
          "Connected to " + product + " " + version + " as " + d.username() + ".");
    } catch (SQLException e) {
      throw SourceConnector.failed(d.spec(), password, "did not answer", e);
    }
  }

  public List<Schema> schemas(String ref) {
    return read(ref, (probe, d) -> SourceCatalog.of(d.spec().type()).schemas(probe));
  }

  public List<Table> tables(String ref, String schema) {
    return read(
        ref,
        (probe, d) ->
            SourceCatalog.of(d.spec().type())
                .tables(probe, d.spec(), schema == null || schema.isBlank() ? null : schema));
  }

  /** A table named {@code schema.table} (a schema or table with dots in its name works too). */
  public TableDetail table(String ref, String qualified) {
    return read(
        ref,
        (probe, d) -> {
          SourceCatalog catalog = SourceCatalog.of(d.spec().type());
          for (int dot = qualified.indexOf('.');
              dot > 0 && dot < qualified.length() - 1;
              dot = qualified.indexOf('.', dot + 1)) {
            Optional<TableDetail> t =
                catalog.table(probe, qualified.substring(0, dot), qualified.substring(dot + 1));
            if (t.isPresent()) {
              return t.get();
            }
          }
          if (qualified.indexOf('.') <= 0) {
            throw new InvalidFieldException(
                "table", "'" + qualified + "' is not a table as schema.table (e.g. public.orders)");
          }
          throw new NotFoundException(
              "Table '" + qualified + "' in data source '" + d.name() + "'");
        });
  }

  public Readiness readiness(String ref, List<String> tables) {
    return read(
        ref, (probe, d) -> ReadinessCheck.of(d.spec().type()).check(probe, d.spec(), tables));
  }

  /**
   * What a sync of the definition would read and write, from the source's catalog now; the
   * definition's {@code source}, if given, must be this data source. The body is read after the
   * role check, so that a caller without the role learns nothing from its parse errors.
   */
  public SyncPlan syncPlan(String ref, java.util.function.Supplier<Map<String, Object>> body) {
    Datasource d = get(ref, Role.DEVELOPER);
    Map<String, Object> definition = body.get();
    Object named = definition.get("source");
    if (named != null && !named.equals(d.name())) {
      throw new InvalidFieldException(
          "source",
          "'" + named + "' is not this data source ('" + d.name() + "'); leave it out or name it");
    }
    SyncDefinition def = SyncDefinition.parse(definition);
    return read(d, (probe, ds) -> SyncPlanner.plan(def, ds.name(), ds.spec(), probe));
  }

  interface Read<T> {
    T apply(Probe probe, Datasource d) throws SQLException;
  }

  /** Opens a connection for one read; browsing and checking are development work. */
  private <T> T read(String ref, Read<T> read) {
    return read(get(ref, Role.DEVELOPER), read);
  }

  <T> T read(Datasource d, Read<T> read) {
    String password = password(d);
    try (Connection c = SourceConnector.open(d.spec(), password)) {
      return read.apply(new JdbcProbe(c, 3 * SourceConnector.TIMEOUT_SECONDS), d);
    } catch (SQLException e) {
      throw SourceConnector.failed(d.spec(), password, "could not be read", e);
    }
  }

  String password(Datasource d) {
    if (d.passwordSecret() == null) {
      return null;
    }
    return secrets
        .value(d.passwordSecret())
        .orElseThrow(
            () ->
                new InvalidFieldException(
                    "password",
                    "the secret '"
                        + d.passwordSecret()
                        + "' holding the password of data source '"
                        + d.name()
                        + "' does not exist any more; store it again or update the data source"));
  }

  /**
   * The secret that holds the password: the one a {@code ${secret:name}} names (in the project), or
   * the data source's own, created or replaced with a literal password.
   */
  private String passwordSecret(String name, String project, String password, String author) {
    String secret = BrowsePasswords.reference(password);
    if (secret != null) {
      if (!secrets.valueExists(secret)) {
        throw new InvalidFieldException(
            "password",
            "the secret '"
                + secret
                + "' does not exist (store it with POST /api/v1/secrets {\"name\": \""
                + secret
                + "\", \"value\": ...})");
      }
      if (!project.equals(secrets.project(secret))) {
        throw new ForbiddenException(
            "password: the secret '"
                + secret
                + "' is not in project '"
                + project
                + "'; a data source uses only its project's secrets");
      }
      return secret;
    }
    if (password.isEmpty()) {
      throw new InvalidFieldException(
          "password", "empty: leave the password out for a login without one");
    }
    String own = ownSecret(name);
    if (secrets.valueExists(own)) {
      if (!project.equals(secrets.project(own))) {
        throw new ConflictException(
            "A secret named '"
                + own
                + "' exists in another project; name the data source otherwise");
      }
      secrets.rotateValue(own, password);
    } else {
      secrets.createIn(project, () -> secrets.createValue(own, password, author));
    }
    return own;
  }

  static String ownSecret(String name) {
    return "datasource." + name + ".password";
  }

  private static String name(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidFieldException("name", "required: the name jobs refer to, e.g. crm");
    }
    String n = name.trim();
    if (!NAME.matcher(n).matches()) {
      throw new InvalidFieldException(
          "name",
          "'"
              + name
              + "' is not a data source name: a lower-case letter, then letters, digits, '_' or"
              + " '-', at most 64");
    }
    if (n.equals("types")) {
      throw new InvalidFieldException(
          "name", "'types' names the list of source types (/api/v1/datasources/types)");
    }
    return n;
  }

  private static String description(String d) {
    if (d != null && d.length() > 1024) {
      throw new InvalidFieldException("description", "at most 1024 characters");
    }
    return d == null || d.isBlank() ? null : d.trim();
  }
}
