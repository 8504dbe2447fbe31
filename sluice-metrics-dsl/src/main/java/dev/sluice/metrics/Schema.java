package dev.sluice.metrics;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.sluice.metrics.DefinitionException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published JSON Schema of metric group definitions, and the check of a definition against it.
 * The schema is the contract (the web form is generated from it); the compiler's checks add what a
 * schema cannot say: names that refer to fields, windows whose slide divides their size, cycles.
 */
public final class Schema {
  private static final String TEXT = load();
  private static final com.networknt.schema.Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(TEXT);

  /** Clearer words than the validator's for values of the schema's shared definitions. */
  private static final Map<String, String> DEFINED =
      Map.of(
          "name",
          "a lower-case name: letters, digits and '_', starting with a letter (at most 64)",
          "duration",
          "a duration such as 500ms, 5s, 1min, 2h or 1d",
          "type",
          "STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), TIMESTAMP or TIMESTAMP_LTZ");

  private Schema() {}

  public static String json() {
    return TEXT;
  }

  /** Every place where the definition does not fit the schema, by field path; empty if it fits. */
  static List<Problem> check(JsonNode definition) {
    Set<Problem> problems = new LinkedHashSet<>();
    for (Error e : SCHEMA.validate(withoutNulls(definition))) {
      String path = path(e.getInstanceLocation());
      String location = String.valueOf(e.getSchemaLocation());
      String defined =
          DEFINED.entrySet().stream()
              .filter(d -> location.contains("$defs/" + d.getKey() + "/"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      String message =
          switch (e.getKeyword()) {
            case "additionalProperties" -> {
              path = join(path, e.getProperty());
              yield "unknown field";
            }
            case "required" -> {
              path = join(path, e.getProperty());
              yield "required";
            }
            case "enum" -> "one of " + e.getSchemaNode();
            default -> defined != null ? defined : withoutPath(e.getMessage());
          };
      problems.add(new Problem(path, message));
    }
    return new ArrayList<>(problems);
  }

  /**
   * A field set to null is a field left out: YAML writes {@code description:} with no value so, and
   * stored versions keep their absent fields as nulls.
   */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isNull()) {
          copy.set(e.getKey(), withoutNulls(e.getValue()));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(withoutNulls(element)));
      return copy;
    }
    return node;
  }

  /** A node path as the definition's field path: {@code metrics[3].windows[0].size}. */
  private static String path(NodePath node) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < node.getNameCount(); i++) {
      Object element = node.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(element);
      }
    }
    return out.isEmpty() ? "$" : out.toString();
  }

  private static String join(String path, String property) {
    return property == null ? path : path.equals("$") ? property : path + "." + property;
  }

  /** The validator starts its messages with the instance path, which the problem carries. */
  private static String withoutPath(String message) {
    int colon = message.indexOf(": ");
    return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
  }

  private static String load() {
    try (InputStream in = Schema.class.getResourceAsStream("metric-group.schema.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
