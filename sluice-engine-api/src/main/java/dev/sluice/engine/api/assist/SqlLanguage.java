package dev.sluice.engine.api.assist;

import java.util.List;

/**
 * What an editor needs to complete SQL for an engine, read from the engine itself: its parser's
 * keywords, its function catalog and the options of the connector and format factories it has.
 *
 * @param keywords the parser's keywords, upper case, sorted
 * @param functions built-in functions of the engine and Sluice's own, sorted by name
 * @param connectors table connectors, sorted by identifier
 * @param formats formats, with option keys as written in a table's WITH clause ({@code
 *     json.ignore-parse-errors}), sorted by identifier
 */
public record SqlLanguage(
    List<String> keywords,
    List<SqlFunction> functions,
    List<FactoryOptions> connectors,
    List<FactoryOptions> formats) {
  public SqlLanguage {
    keywords = List.copyOf(keywords);
    functions = List.copyOf(functions);
    connectors = List.copyOf(connectors);
    formats = List.copyOf(formats);
  }
}
