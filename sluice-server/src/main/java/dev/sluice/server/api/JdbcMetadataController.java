package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.JsonFields;
import dev.sluice.server.jdbc.BrowsePasswords;
import dev.sluice.server.jdbc.JdbcBrowser;
import dev.sluice.server.jdbc.JdbcConnectionException;
import dev.sluice.server.jdbc.JdbcTarget;
import dev.sluice.server.jdbc.JdbcUrls;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Role;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A database's tables and a table's columns, for choosing a dimension table in the metric builder.
 * POST, so that the password travels in the body, not in a URL that logs keep. The password is used
 * for the one connection and is never stored, logged or returned.
 */
@RestController
@RequestMapping("/api/v1/jdbc")
class JdbcMetadataController {
  private static final Set<String> FIELDS = Set.of("url", "username", "password", "schema");
  private static final Set<String> COLUMN_FIELDS =
      Set.of("url", "username", "password", "schema", "table");

  private final JdbcBrowser jdbc;
  private final BrowsePasswords passwords;
  private final Access access;

  JdbcMetadataController(JdbcBrowser jdbc, BrowsePasswords passwords, Access access) {
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.access = access;
  }

  @PostMapping("/tables")
  List<JdbcBrowser.Table> tables(
      @RequestBody(required = false) JsonNode body,
      @RequestParam(required = false) String project) {
    String in = project(project);
    JdbcTarget target = target(body, FIELDS, in);
    return connected(() -> jdbc.tables(target));
  }

  @PostMapping("/columns")
  List<JdbcBrowser.Column> columns(
      @RequestBody(required = false) JsonNode body,
      @RequestParam(required = false) String project) {
    String in = project(project);
    JdbcTarget target = target(body, COLUMN_FIELDS, in);
    String table = JsonFields.text(body, "table");
    if (table == null) {
      throw new InvalidFieldException("table", "required: the table whose columns to list");
    }
    return connected(() -> jdbc.columns(target, table));
  }

  /** Browsing a database is development work: the developer role in the project. */
  private String project(String given) {
    String in = access.defaultProject(given, Role.DEVELOPER);
    access.requireProject(in, Role.DEVELOPER);
    return in;
  }

  private JdbcTarget target(JsonNode body, Set<String> fields, String project) {
    if (body == null || body.isNull()) {
      throw new InvalidFieldException(
          "url", "required: the database's JDBC URL, e.g. jdbc:postgresql://host:5432/db");
    }
    if (!body.isObject()) {
      throw new InvalidRequestException("The body is a JSON object {url, username, password, ...}");
    }
    JsonFields.onlyFields(body, fields, "");
    String url = JdbcUrls.require(JsonFields.text(body, "url"));
    String username = JsonFields.text(body, "username");
    // A password is taken as written: spaces may be part of it.
    JsonNode p = body.get("password");
    if (p != null && !p.isNull() && !p.isString()) {
      throw new InvalidFieldException("password", "a string");
    }
    String password = p == null || p.isNull() ? null : p.stringValue();
    return new JdbcTarget(
        url, username, passwords.resolve(password, project), JsonFields.text(body, "schema"));
  }

  /** A database that refuses or does not answer is a problem of the request's target: 422. */
  private static <T> T connected(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbcConnectionException e) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_ENTITY, "Database connection failed", e.getMessage());
    }
  }
}
