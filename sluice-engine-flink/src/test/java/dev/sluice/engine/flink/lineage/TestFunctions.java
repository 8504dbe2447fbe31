package dev.sluice.engine.flink.lineage;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/** User functions the lineage scripts create, as a user's jar would hold them. */
public final class TestFunctions {
  private TestFunctions() {}

  /** A scalar UDF. */
  public static final class Normalize extends ScalarFunction {
    public String eval(String s) {
      return s == null ? null : s.trim().toLowerCase();
    }
  }

  /** A UDTF with two output columns. */
  @FunctionHint(output = @DataTypeHint("ROW<word STRING, len INT>"))
  public static final class SplitWords extends TableFunction<Row> {
    public void eval(String s) {
      if (s != null) {
        for (String w : s.split(" ")) {
          collect(Row.of(w, w.length()));
        }
      }
    }
  }
}
