package dev.sluice.metrics;

import dev.sluice.metrics.DefinitionException.Problem;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads metric group definitions from YAML or JSON, naming the field path of any mistake. */
public final class Definitions {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Definitions() {}

  /** Parses a definition, JSON if it starts with '{', else YAML. */
  public static MetricGroup parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DefinitionException(List.of(new Problem("$", "the definition is empty")));
    }
    ObjectMapper mapper = text.stripLeading().startsWith("{") ? JSON : YAML;
    try {
      JsonNode tree = mapper.readTree(text);
      if (tree == null || !tree.isObject()) {
        throw new DefinitionException(List.of(new Problem("$", "a metric group is an object")));
      }
      return mapper.treeToValue(tree, MetricGroup.class);
    } catch (DatabindException e) {
      throw new DefinitionException(List.of(new Problem(path(e), reason(e))));
    } catch (JacksonException e) {
      throw new DefinitionException(
          List.of(
              new Problem(
                  "$",
                  "not valid "
                      + (mapper == JSON ? "JSON" : "YAML")
                      + ": "
                      + e.getOriginalMessage())));
    }
  }

  /** The definition as normalized JSON (what versions store and compare). */
  public static String toJson(MetricGroup group) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(group);
  }

  private static String path(DatabindException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "$" : path.toString();
  }

  private static String reason(DatabindException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Unrecognized property")) {
      return "unknown field";
    }
    return message.lines().findFirst().orElse(message);
  }
}
