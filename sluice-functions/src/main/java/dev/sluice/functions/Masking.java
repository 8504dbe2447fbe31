package dev.sluice.functions;

import org.apache.flink.table.functions.ScalarFunction;

/** Masking of personal data: the ends stay readable, the middle becomes {@code *}. */
public final class Masking {
  private Masking() {}

  static String mask(String value, int keepStart, int keepEnd) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.length() <= keepStart + keepEnd) {
      return "*".repeat(v.length());
    }
    return v.substring(0, keepStart)
        + "*".repeat(v.length() - keepStart - keepEnd)
        + v.substring(v.length() - keepEnd);
  }

  /** {@code MASK_PHONE('13812345678')} = {@code 138****5678}. */
  public static final class Phone extends ScalarFunction {
    public String eval(String phone) {
      return mask(phone, 3, 4);
    }
  }

  /** {@code MASK_ID_CARD('110101199003071234')} = {@code 110101********1234}. */
  public static final class IdCard extends ScalarFunction {
    public String eval(String id) {
      return mask(id, 6, 4);
    }
  }

  /** {@code MASK_BANK_CARD('6222021234567890123')} = {@code 6222***********0123}. */
  public static final class BankCard extends ScalarFunction {
    public String eval(String card) {
      return card == null ? null : mask(card.replace(" ", ""), 4, 4);
    }
  }
}
