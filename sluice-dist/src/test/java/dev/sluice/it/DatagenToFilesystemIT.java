package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList()) {
        for (String line : Files.readAllLines(f)) {
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
      }
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((key, agg) -> assertThat(actual.get(key)).as(key).containsExactly(agg));
  }
}
