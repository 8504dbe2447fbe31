package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * datagen, a window aggregate, a filesystem sink: the output rows checked against a count in Java.
 */
@Order(2)
class DatagenToFilesystemIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void windowAggregateOfGeneratedRowsLandsInFiles() throws IOException {
    Path out = platform.dataDir.resolve("window-output");
    String script =
        """
        CREATE TABLE numbers (
          id BIGINT,
          k AS id % 4,
          ts AS TO_TIMESTAMP_LTZ(id * 1000, 3),
          WATERMARK FOR ts AS ts
        ) WITH (
          'connector' = 'datagen',
          'number-of-rows' = '1000',
          'rows-per-second' = '2000',
          'fields.id.kind' = 'sequence',
          'fields.id.start' = '1',
          'fields.id.end' = '1000'
        );
        CREATE TABLE totals (k BIGINT, window_start TIMESTAMP(3), cnt BIGINT, total BIGINT)
        WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'csv');
        INSERT INTO totals
        SELECT k, window_start, COUNT(*), SUM(id)
        FROM TABLE(TUMBLE(TABLE numbers, DESCRIPTOR(ts), INTERVAL '100' SECOND(3)))
        GROUP BY k, window_start, window_end;
        """
            .replace("${path}", out.toUri().toString());
    long id = jobs.create("datagen_window_to_files", script);
    jobs.deploy(id, "none");
    jobs.await(id, j -> "FINISHED".equals(j.path("state").asText()), Duration.ofMinutes(2));

    // Expected, computed independently: window n holds ids whose second falls in [100n, 100n +
    // 100).
    Map<String, long[]> expected = new TreeMap<>();
    for (long i = 1; i <= 1000; i++) {
      String key = (i % 4) + "/" + (i / 100);
      long[] agg = expected.computeIfAbsent(key, x -> new long[2]);
      agg[0]++;
      agg[1] += i;
    }
    Map<String, long[]> actual = new TreeMap<>();
    for (String line : csvLines(out)) {
      String[] c = line.split(",");
      // window_start is written in the session time zone; the window index is its second / 100.
      long windowStart =
          java.time.LocalDateTime.parse(c[1].replace("\"", "").replace(' ', 'T'))
              .atZone(java.time.ZoneId.systemDefault())
              .toEpochSecond();
      actual.put(
          c[0] + "/" + (windowStart / 100),
          new long[] {Long.parseLong(c[2]), Long.parseLong(c[3])});
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((key, agg) -> assertThat(actual.get(key)).as(key).containsExactly(agg));
  }

  @Test
  void builtInFunctionsRunOnAStockClusterInHoppingWindows() throws IOException {
    Path out = platform.dataDir.resolve("functions-output");
    String script =
        """
        CREATE TABLE numbers (
          id BIGINT,
          ts AS TO_TIMESTAMP_LTZ(id * 1000, 3),
          WATERMARK FOR ts AS ts
        ) WITH (
          'connector' = 'datagen', 'number-of-rows' = '1000', 'rows-per-second' = '2000',
          'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000');
        CREATE TABLE stats (window_start TIMESTAMP(3), distinct_mod BIGINT, p99 DOUBLE, vp DOUBLE, masked STRING)
        WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'csv');
        INSERT INTO stats
        SELECT window_start, APPROX_DISTINCT(id % 37), APPROX_PERCENTILE(CAST(id AS DOUBLE), 0.99),
               VAR_POP_D(id), MASK_PHONE(CAST(13800000000 + MAX(id) AS STRING))
        FROM TABLE(HOP(TABLE numbers, DESCRIPTOR(ts), INTERVAL '100' SECOND(3), INTERVAL '200' SECOND(3)))
        GROUP BY window_start, window_end;
        """
            .replace("${path}", out.toUri().toString());
    long id = jobs.create("builtin_functions_to_files", script);
    jobs.deploy(id, "none");
    jobs.await(id, j -> "FINISHED".equals(j.path("state").asText()), Duration.ofMinutes(2));

    int rows = 0;
    for (String line : csvLines(out)) {
      String[] c = line.split(",");
      long start =
          java.time.LocalDateTime.parse(c[0].replace("\"", "").replace(' ', 'T'))
              .atZone(java.time.ZoneId.systemDefault())
              .toEpochSecond();
      // Expected, computed here: the ids whose second falls in [start, start + 200).
      List<Long> ids = new java.util.ArrayList<>();
      for (long i = Math.max(1, start); i < start + 200 && i <= 1000; i++) {
        ids.add(i);
      }
      double mean = ids.stream().mapToLong(Long::longValue).average().orElseThrow();
      double var = ids.stream().mapToDouble(i -> (i - mean) * (i - mean)).sum() / ids.size();
      long distinct = ids.stream().map(i -> i % 37).distinct().count();
      long max = ids.get(ids.size() - 1);
      double p99 = ids.get((int) Math.ceil(0.99 * ids.size()) - 1);
      assertThat(Long.parseLong(c[1])).as(line).isEqualTo(distinct);
      assertThat(Double.parseDouble(c[2]))
          .as(line)
          .isCloseTo(p99, org.assertj.core.api.Assertions.within(p99 * 0.01));
      assertThat(Double.parseDouble(c[3]))
          .as(line)
          .isCloseTo(var, org.assertj.core.api.Assertions.within(1e-6 * var + 1e-9));
      String phone = Long.toString(13800000000L + max);
      assertThat(c[4].replace("\"", ""))
          .as(line)
          .isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
      rows++;
    }
    assertThat(rows)
        .isEqualTo(12); // windows starting at -100 s, 0 s, ..., 1000 s (id 1000 is at second 1000)
  }

  /**
   * The lines of the committed files a filesystem sink wrote (in-progress files start with a dot).
   */
  static List<String> csvLines(Path dir) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }
}
