package dev.sluice.server.ops.alerts;

/** Numbers in messages: integers without a fraction, others with at most three decimals. */
final class Numbers {
  private Numbers() {}

  static String text(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.valueOf(Math.round(v * 1000) / 1000.0);
  }
}
