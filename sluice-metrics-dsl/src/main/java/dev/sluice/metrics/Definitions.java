package dev.sluice.metrics;

import dev.sluice.metrics.DefinitionException.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
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
      normalize(tree);
      List<Problem> unfit = Schema.check(tree);
      MetricGroup group;
      try {
        group = mapper.treeToValue(tree, MetricGroup.class);
      } catch (DatabindException e) {
        throw new DefinitionException(
            unfit.isEmpty() ? List.of(new Problem(path(e), reason(e))) : unfit);
      }
      if (!unfit.isEmpty()) {
        throw new DefinitionException(withCompilerProblems(group, unfit));
      }
      return group;
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

  /**
   * The schema's problems and the compiler's, so that one answer lists every mistake. Where both
   * name the same path, the compiler's words are kept: they know the rest of the definition.
   */
  private static List<Problem> withCompilerProblems(MetricGroup group, List<Problem> unfit) {
    List<Problem> compiler = new ArrayList<>();
    try {
      MetricCompiler.compile(group);
    } catch (DefinitionException e) {
      // References are resolved by the server after parsing, not a mistake here.
      e.problems().stream().filter(p -> !p.path().startsWith("references")).forEach(compiler::add);
    } catch (RuntimeException e) {
      // A definition the schema refuses may be too broken to check further.
    }
    Set<String> paths = new HashSet<>();
    compiler.forEach(p -> paths.add(p.path()));
    List<Problem> all = new ArrayList<>(compiler);
    unfit.stream().filter(p -> !paths.contains(p.path())).forEach(all::add);
    return all;
  }

  /**
   * Writes values the way the schema spells them, as the compiler always read them: names of
   * aggregations, window and sink types, layouts, time units and start/stop positions in lower
   * case, durations trimmed and in lower case ({@code 1H} is {@code 1h}), and Kafka client
   * properties as text (YAML reads {@code max.poll.records: 500} as a number).
   */
  private static void normalize(JsonNode group) {
    lower(group, "layout");
    for (JsonNode source : group.path("sources")) {
      for (JsonNode field : source.path("fields")) {
        lower(field, "unit");
      }
      lower(source.path("kafka"), "startFrom");
      lower(source.path("kafka"), "stopAt");
      if (source.path("kafka").path("properties") instanceof ObjectNode properties) {
        for (var e : new ArrayList<>(properties.properties())) {
          if (e.getValue().isValueNode() && !e.getValue().isNull()) {
            properties.put(e.getKey(), e.getValue().asString());
          }
        }
      }
    }
    lower(group.path("eventTime"), "lateness");
    for (JsonNode metric : group.path("metrics")) {
      lower(metric, "aggregation");
      for (JsonNode window : metric.path("windows")) {
        for (String field : List.of("type", "size", "slide", "step", "gap")) {
          lower(window, field);
        }
      }
    }
    for (JsonNode enrich : group.path("preprocess").path("enrich")) {
      lower(enrich.path("cache"), "ttl");
    }
    for (JsonNode sink : group.path("sinks")) {
      lower(sink, "type");
    }
  }

  private static void lower(JsonNode parent, String field) {
    if (parent instanceof ObjectNode object && object.get(field) != null) {
      JsonNode value = object.get(field);
      if (value.isString()) {
        object.put(field, value.asString().strip().toLowerCase(java.util.Locale.ROOT));
      }
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
