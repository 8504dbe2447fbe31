package dev.sluice.functions;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code JSON_PATHS(json, '$.a.b', '$.c[0]', ...)}: the values at several JSON paths, parsing the
 * document once (JSON_VALUE parses it once per call). Returns an array of strings (NULL where a
 * path is missing or null; objects and arrays as JSON text), or NULL when the input is not a JSON
 * object. Declared non-deterministic so that the planner computes it once per row rather than
 * inlining it into every field that reads the array.
 */
public final class JsonPaths extends ScalarFunction {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public @DataTypeHint("ARRAY<STRING>") String[] eval(String json, String... paths) {
    if (json == null) {
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (Exception e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    String[] out = new String[paths.length];
    for (int i = 0; i < paths.length; i++) {
      JsonNode node = at(root, paths[i]);
      out[i] =
          node == null || node.isNull() || node.isMissingNode()
              ? null
              : node.isValueNode() ? node.asText() : node.toString();
    }
    return out;
  }

  /** Follows {@code $.a.b[0].c}; null when the path leaves the document. */
  static JsonNode at(JsonNode root, String path) {
    if (path == null || !path.startsWith("$")) {
      return null;
    }
    JsonNode node = root;
    int i = 1;
    while (i < path.length() && node != null) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        node = node.get(path.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          return null;
        }
        node = node.isArray() ? node.get(Integer.parseInt(path.substring(i + 1, end))) : null;
        i = end + 1;
      } else {
        return null;
      }
    }
    return node;
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }
}
