package dev.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Multi-INSERT scripts made of the Nexmark queries, read from their folder as they are. */
final class NexmarkScripts {
  /** The queries that validate on Flink 1.20 with datagen and need no files or UDFs. */
  static final List<Integer> QUERIES =
      List.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 15, 16, 17, 18, 19, 20, 21, 22, 23);

  private static final Pattern WITH_CLAUSE =
      Pattern.compile("(?s)\\)\\s*WITH\\s*\\(.*\\)\\s*;?\\s*$");
  private final Path dir;

  NexmarkScripts(Path dir) {
    if (!Files.isRegularFile(dir.resolve("ddl_gen.sql"))) {
      throw new IllegalArgumentException("No Nexmark queries in " + dir.toAbsolutePath());
    }
    this.dir = dir;
  }

  /** DDL, views and the first {@code inserts} queries: one job with that many INSERT statements. */
  String script(int inserts) {
    StringBuilder sql = new StringBuilder();
    sql.append(
        WITH_CLAUSE
            .matcher(read("ddl_gen.sql").strip())
            .replaceFirst(") WITH ('connector' = 'datagen', 'rows-per-second' = '1000');\n"));
    sql.append(read("ddl_views.sql").replace("${NEXMARK_TABLE}", "datagen")).append(";\n");
    for (int q : QUERIES.subList(0, inserts)) {
      sql.append(read("q" + q + ".sql")).append(";\n");
    }
    return sql.toString();
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
