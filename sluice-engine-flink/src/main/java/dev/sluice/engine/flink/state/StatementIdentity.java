package dev.sluice.engine.flink.state;

import dev.sluice.engine.flink.script.SqlTrees;
import dev.sluice.engine.flink.script.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.flink.sql.parser.ddl.SqlTableOption;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.sql.parser.validate.FlinkSqlConformance;

/**
 * What a statement means, as text: the statement parsed by Flink's own SQL parser and written back
 * in one canonical form, so that everything that does not change its meaning is not part of its
 * identity: keyword, function-name and hint-name case, white space and line breaks, comments,
 * redundant parentheses, the optional {@code AS} of aliases, the order of a hint's options.
 * Identifiers keep their case (they are case-sensitive in Flink). A statement that does not parse
 * has its normalized text as identity (it never reaches a job anyway).
 */
public final class StatementIdentity {
  private static final SqlParser.Config PARSER =
      SqlParser.config()
          .withParserFactory(FlinkSqlParserImpl.FACTORY)
          .withConformance(FlinkSqlConformance.DEFAULT)
          .withLex(Lex.JAVA)
          .withQuoting(Quoting.BACK_TICK)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withIdentifierMaxLength(256);

  private StatementIdentity() {}

  /** The canonical text of the statement. */
  public static String canonicalText(Statement statement) {
    return canonicalText(statement.text()).orElse(statement.normalizedText());
  }

  /** The statement as Flink's parser reads it, if it parses. */
  public static java.util.Optional<SqlNode> parse(Statement statement) {
    return parse(statement.text());
  }

  private static java.util.Optional<SqlNode> parse(String sql) {
    try {
      return java.util.Optional.of(SqlParser.create(sql, PARSER).parseStmt());
    } catch (SqlParseException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** The canonical text of one SQL statement, if Flink's parser accepts it. */
  static java.util.Optional<String> canonicalText(String sql) {
    java.util.Optional<SqlNode> parsed = parse(sql);
    if (parsed.isEmpty()) {
      return java.util.Optional.empty();
    }
    SqlNode node = parsed.get();
    canonicalize(node);
    return java.util.Optional.of(
        node.toSqlString(
                c ->
                    c.withDialect(AnsiSqlDialect.DEFAULT)
                        .withQuoteAllIdentifiers(true)
                        .withKeywordsLowerCase(false)
                        .withIndentation(0)
                        .withClauseStartsLine(false)
                        .withClauseEndsLine(false)
                        .withSelectListItemsOnSeparateLines(false))
            .getSql()
            .replaceAll("\\s+", " ")
            .strip());
  }

  /**
   * Rewrites the parsed statement in place, where its meaning allows another spelling: function
   * names in upper case (Flink resolves them case-insensitively), table options and hint options
   * sorted by key. In place, because Flink's DDL nodes cannot be copied by Calcite's shuttles.
   */
  private static void canonicalize(SqlNode node) {
    if (node instanceof SqlNodeList list) {
      if (!list.isEmpty() && list.stream().allMatch(n -> n instanceof SqlTableOption)) {
        sortInPlace(list, 1, n -> ((SqlTableOption) n).getKeyString());
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof SqlHint hint
            && hint.getOperandList().get(0) instanceof SqlIdentifier name
            && name.isSimple()) {
          // Hint names are resolved case-insensitively too.
          list.set(
              i,
              new SqlHint(
                  hint.getParserPosition(),
                  new SqlIdentifier(
                      name.getSimple().toUpperCase(Locale.ROOT), name.getParserPosition()),
                  (SqlNodeList) hint.getOperandList().get(1),
                  hint.getOptionFormat()));
        }
      }
    } else if (node instanceof SqlCall call) {
      if (call instanceof SqlBasicCall basic
          && basic.getOperator() instanceof SqlUnresolvedFunction function) {
        SqlIdentifier id = function.getSqlIdentifier();
        if (id != null && id.isSimple()) {
          basic.setOperator(
              new SqlUnresolvedFunction(
                  new SqlIdentifier(
                      id.getSimple().toUpperCase(Locale.ROOT), id.getParserPosition()),
                  function.getReturnTypeInference(),
                  function.getOperandTypeInference(),
                  function.getOperandTypeChecker(),
                  function.getParamTypes(),
                  function.getFunctionType()));
        }
      }
      if (call instanceof SqlHint hint
          && hint.getOptionFormat() == SqlHint.HintOptionFormat.KV_LIST
          && hint.getOperandList().get(1) instanceof SqlNodeList options) {
        sortInPlace(options, 2, SqlNode::toString); // key, value, key, value...
      }
    }
    // A node kind that does not expose its parts is spelled as written.
    for (SqlNode child : SqlTrees.children(node)) {
      canonicalize(child);
    }
  }

  /** Sorts a list of groups of {@code width} nodes by the first node of each group. */
  private static void sortInPlace(
      SqlNodeList list, int width, java.util.function.Function<SqlNode, String> key) {
    List<List<SqlNode>> groups = new ArrayList<>();
    for (int i = 0; i + width <= list.size(); i += width) {
      groups.add(new ArrayList<>(list.getList().subList(i, i + width)));
    }
    groups.sort(Comparator.comparing(g -> key.apply(g.get(0))));
    int i = 0;
    for (List<SqlNode> group : groups) {
      for (SqlNode n : group) {
        list.set(i++, n);
      }
    }
  }
}
