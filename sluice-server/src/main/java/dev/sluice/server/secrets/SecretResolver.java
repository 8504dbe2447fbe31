package dev.sluice.server.secrets;

import static java.util.Objects.requireNonNull;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.StatementInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Checks a script's {@code ${secret:name}} references and, for the compile of a job being submitted
 * only, replaces them with the secrets' values. Everything else (validation, plans, lineage, stored
 * versions) works on the script as written: a reference is an ordinary string to the engine there,
 * so connectors' option checks pass.
 */
@Component
public final class SecretResolver {
  private final SecretStore secrets;

  public SecretResolver(SecretStore secrets) {
    this.secrets = secrets;
  }

  /** The script with its references resolved, and how to take the values out of messages again. */
  public record Resolution(String script, Map<String, String> values) {
    public Resolution {
      requireNonNull(script, "script is null");
      values = Map.copyOf(values);
    }

    /** The text with every secret value (as given, or as escaped in SQL) shown as its reference. */
    public String redact(String text) {
      if (text == null || values.isEmpty()) {
        return text;
      }
      String out = text;
      List<Map.Entry<String, String>> longestFirst = new ArrayList<>(values.entrySet());
      longestFirst.sort(
          Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length())
              .reversed());
      for (Map.Entry<String, String> e : longestFirst) {
        String reference = "${secret:" + e.getKey() + "}";
        out = out.replace(SecretReferences.escape(e.getValue(), true), reference);
        out = out.replace(SecretReferences.escape(e.getValue(), false), reference);
        out = out.replace(e.getValue(), reference);
      }
      return out;
    }

    /** A compile failure of the resolved script, with the values taken out of its messages. */
    public ScriptException redact(ScriptException e) {
      return new ScriptException(
          e.problems().stream().map(p -> p.withMessage(redact(p.message()))).toList());
    }
  }

  /**
   * What is wrong with the script's references: each misplaced one and each naming a secret that
   * does not exist, at its line:column.
   *
   * @param statements the script's statements, to number the problems
   */
  public List<Problem> problems(String script, List<StatementInfo> statements) {
    List<Problem> problems = new ArrayList<>();
    for (SecretReferences.Reference r : SecretReferences.find(script)) {
      String message;
      if (r.position() != SecretReferences.Position.OPTION_VALUE) {
        message = "secret '" + r.name() + "' " + SecretReferences.misplaced();
      } else if (!secrets.valueExists(r.name())) {
        message =
            "secret '"
                + r.name()
                + "' does not exist (store it with POST /api/v1/secrets {\"name\": \""
                + r.name()
                + "\", \"value\": ...})";
      } else {
        continue;
      }
      problems.add(new Problem(statementAt(statements, r), r.line(), r.column(), message));
    }
    return problems;
  }

  /**
   * The script as the cluster runs it.
   *
   * @param statements the script's statements, asked for only when a reference is wrong
   * @throws ScriptException when a reference is misplaced or names a secret that does not exist
   */
  public Resolution resolve(String script, Supplier<List<StatementInfo>> statements) {
    List<SecretReferences.Reference> references = SecretReferences.find(script);
    if (references.isEmpty()) {
      return new Resolution(script, Map.of());
    }
    Map<String, String> values = new LinkedHashMap<>();
    boolean wrong = false;
    for (SecretReferences.Reference r : references) {
      if (r.position() != SecretReferences.Position.OPTION_VALUE) {
        wrong = true;
        continue;
      }
      if (!values.containsKey(r.name())) {
        String value = secrets.value(r.name()).orElse(null);
        if (value == null) {
          wrong = true;
        } else {
          values.put(r.name(), value);
        }
      }
    }
    if (wrong) {
      throw new ScriptException(problems(script, statements.get()));
    }
    return new Resolution(SecretReferences.resolve(script, values::get), values);
  }

  /** The number of the statement a reference stands in: the last one starting before it. */
  private static int statementAt(List<StatementInfo> statements, SecretReferences.Reference r) {
    int number = 0;
    for (StatementInfo s : statements) {
      if (s.line() < r.line() || (s.line() == r.line() && s.column() <= r.column())) {
        number = s.number();
      }
    }
    return number;
  }
}
