package dev.sluice.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.FactoryOption;
import dev.sluice.engine.api.assist.FactoryOptions;
import dev.sluice.engine.api.assist.SqlFunction;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import dev.sluice.server.sql.SqlAssistService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Completion data for the SQL editor: the engine's language and the tables of a draft. */
@RestController
@RequestMapping("/api/v1/sql")
class SqlAssistController {
  private final SqlAssistService assist;
  private final Access access;
  private final ProjectService projects;

  SqlAssistController(SqlAssistService assist, Access access, ProjectService projects) {
    this.assist = assist;
    this.access = access;
    this.projects = projects;
  }

  record Language(
      List<String> keywords,
      List<Function> functions,
      List<Factory> connectors,
      List<Factory> formats) {
    static Language of(SqlLanguage l) {
      return new Language(
          l.keywords(),
          l.functions().stream().map(Function::of).toList(),
          l.connectors().stream().map(Factory::of).toList(),
          l.formats().stream().map(Factory::of).toList());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Function(String name, SqlFunction.Kind kind, List<String> signatures, String description) {
    static Function of(SqlFunction f) {
      return new Function(f.name(), f.kind(), f.signatures(), f.description());
    }
  }

  record Factory(String identifier, List<Option> options) {
    static Factory of(FactoryOptions f) {
      return new Factory(f.identifier(), f.options().stream().map(Option::of).toList());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Option(
      String key,
      boolean required,
      String type,
      @JsonProperty("default") String defaultValue,
      String description) {
    static Option of(FactoryOption o) {
      return new Option(o.key(), o.required(), o.type(), o.defaultValue(), o.description());
    }
  }

  /** The same for every caller: nothing in it belongs to a project. */
  @GetMapping("/language")
  Language language() {
    access.caller();
    return Language.of(assist.language());
  }

  /**
   * @param project the project the draft belongs to (default: the token's project, or the one
   *     project the caller has a role in)
   */
  record Draft(String script, String project) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Table(
      String name,
      String identifier,
      DeclaredTable.Kind kind,
      int statement,
      int line,
      int column,
      String connector,
      List<DeclaredTable.Column> columns) {
    static Table of(DeclaredTable t) {
      return new Table(
          t.name(),
          t.identifier(),
          t.kind(),
          t.statement(),
          t.line(),
          t.column(),
          t.connector(),
          t.columns());
    }
  }

  record Tables(List<Table> tables) {}

  /** The tables a draft declares; any role in the project may ask. */
  @PostMapping("/tables")
  Tables tables(@RequestBody Draft draft) {
    String project = access.defaultProject(draft.project(), Role.VIEWER);
    access.requireProject(project, Role.VIEWER);
    projects.requireExists(project);
    return new Tables(assist.tables(draft.script()).stream().map(Table::of).toList());
  }
}
