package dev.sluice.server.ops.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** A comparison of a metric's value with a condition's threshold. */
public enum Op {
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  EQ("=="),
  NE("!=");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  @JsonValue
  public String symbol() {
    return symbol;
  }

  public boolean test(double value, double threshold) {
    return switch (this) {
      case LT -> value < threshold;
      case LE -> value <= threshold;
      case GT -> value > threshold;
      case GE -> value >= threshold;
      case EQ -> value == threshold;
      case NE -> value != threshold;
    };
  }

  /** The op of a symbol, or null. */
  public static Op of(String symbol) {
    return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst().orElse(null);
  }

  static String symbols() {
    return String.join(" ", Arrays.stream(values()).map(Op::symbol).toList());
  }
}
