package dev.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPathsTest {
  final JsonPaths f = new JsonPaths();

  @Test
  void readsSeveralPathsFromOneParse() {
    String json =
        "{\"payer\": {\"id\": \"u1\", \"tags\": [\"a\", \"b\"]}, \"amount\": 12.5, \"ok\": true, \"n\": null}";
    assertThat(
            f.eval(
                json,
                "$.payer.id",
                "$.amount",
                "$.payer.tags[1]",
                "$.ok",
                "$.n",
                "$.missing.deeper",
                "$.payer.tags"))
        .containsExactly("u1", "12.5", "b", "true", null, null, "[\"a\",\"b\"]");
  }

  @Test
  void notAJsonObjectIsNull() {
    assertThat(f.eval("not json", "$.a")).isNull();
    assertThat(f.eval("[1, 2]", "$.a")).isNull();
    assertThat(f.eval("{\"a\": 1", "$.a")).isNull();
    assertThat(f.eval(null, "$.a")).isNull();
  }
}
