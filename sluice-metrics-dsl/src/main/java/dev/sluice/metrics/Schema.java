package dev.sluice.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The published JSON Schema of metric group definitions. */
public final class Schema {
  private Schema() {}

  public static String json() {
    try (InputStream in = Schema.class.getResourceAsStream("metric-group.schema.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
