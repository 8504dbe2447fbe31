package dev.sluice.server.sql;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.ScriptService;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What the editor asks of the engine while a script is written: the language (keywords, functions,
 * connector and format options) and the tables a draft declares. The engine computes the language
 * once; drafts run under the same sandbox as validation and are never executed.
 */
@Service
public class SqlAssistService {
  private final Engine engine;
  private final SluiceProperties properties;

  public SqlAssistService(Engine engine, SluiceProperties properties) {
    this.engine = engine;
    this.properties = properties;
  }

  public SqlLanguage language() {
    return engine.language();
  }

  /** The tables and views of a draft, in the order its statements declare them. */
  public List<DeclaredTable> tables(String script) {
    ScriptService.checkScript(script, properties.jobs().maxScriptBytes());
    return engine.tables(CompileRequest.of("tables", script));
  }
}
