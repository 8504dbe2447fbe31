package dev.sluice.bench;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.EngineLoader;
import dev.sluice.engine.api.ValidationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the editor's checks cost the server: validate of a 5-statement script (valid, and with a
 * misspelled column and function, so that suggestions are computed), the tables of the script, and
 * the engine's language (first call and cached), each in the server's long-lived engine loaded from
 * the distribution, warm, median of 20, the variants interleaved.
 */
public final class ValidateBenchmark {
  static final String TABLES =
      "CREATE TABLE orders (id BIGINT, amount DECIMAL(10, 2), merchant STRING, ts TIMESTAMP(3),\n"
          + "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');\n"
          + "CREATE TABLE totals (merchant STRING, total DECIMAL(38, 2), n BIGINT,\n"
          + "  PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');\n"
          + "CREATE TABLE big (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'blackhole');\n";
  static final String VALID =
      TABLES
          + "INSERT INTO totals SELECT merchant, SUM(amount), COUNT(*) FROM orders GROUP BY merchant;\n"
          + "INSERT INTO big SELECT id, amount FROM orders WHERE amount > 100;\n";
  static final String MISSPELLED =
      TABLES
          + "INSERT INTO totals SELECT merchant, SUMM(amount), COUNT(*) FROM orders GROUP BY merchant;\n"
          + "INSERT INTO big SELECT id, amout FROM orders WHERE amount > 100;\n";
  static final int RUNS = 20;

  private ValidateBenchmark() {}

  public static void main(String[] args) throws Exception {
    run(Path.of(args[0]).toAbsolutePath().resolve("engine/flink-1.20"));
  }

  static void run(Path engineHome) throws Exception {
    try (Engine engine = EngineLoader.load(engineHome)) {
      long t = System.nanoTime();
      int functions = engine.language().functions().size();
      double languageFirst = (System.nanoTime() - t) / 1e6;
      for (int i = 0; i < 10; i++) {
        check(engine.validate(CompileRequest.of("warmup", VALID)), 0);
        check(engine.validate(CompileRequest.of("warmup", MISSPELLED)), 2);
        engine.tables(CompileRequest.of("warmup", VALID));
      }
      List<Double> valid = new ArrayList<>();
      List<Double> misspelled = new ArrayList<>();
      List<Double> tables = new ArrayList<>();
      List<Double> language = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        valid.add(time(() -> check(engine.validate(CompileRequest.of("v", VALID)), 0)));
        misspelled.add(time(() -> check(engine.validate(CompileRequest.of("m", MISSPELLED)), 2)));
        tables.add(time(() -> engine.tables(CompileRequest.of("t", VALID))));
        language.add(time(engine::language));
      }
      System.out.println(
          "\n## Validate and editor support, 5-statement script (3 CREATE TABLE, 2 INSERT)");
      System.out.println(
          "Warm, the server's engine loaded from the distribution, median of "
              + RUNS
              + ", interleaved.");
      System.out.println("| call | median (ms) | min (ms) | max (ms) |");
      System.out.println("|---|---|---|---|");
      row("validate, valid script", valid);
      row("validate, 2 misspelled names (with suggestions)", misspelled);
      row("tables of the script", tables);
      row("language (cached)", language);
      System.out.printf(
          Locale.ROOT,
          "| language, first call (%d functions) | %.1f | | |%n",
          functions,
          languageFirst);
    }
  }

  private static ValidationResult check(ValidationResult result, int problems) {
    if (result.problems().size() != problems) {
      throw new IllegalStateException(
          "expected " + problems + " problem(s), got " + result.problems());
    }
    return result;
  }

  private static double time(Supplier<?> call) {
    long t = System.nanoTime();
    call.get();
    return (System.nanoTime() - t) / 1e6;
  }

  private static void row(String name, List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    double median = (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f |%n",
        name,
        median,
        sorted.get(0),
        sorted.get(sorted.size() - 1));
  }
}
