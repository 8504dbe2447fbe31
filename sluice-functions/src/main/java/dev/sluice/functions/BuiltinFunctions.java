package dev.sluice.functions;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.functions.UserDefinedFunction;

/** The functions Sluice registers in every job, by SQL name. */
public final class BuiltinFunctions {
  private BuiltinFunctions() {}

  /** SQL name to implementation class. */
  public static Map<String, Class<? extends UserDefinedFunction>> all() {
    Map<String, Class<? extends UserDefinedFunction>> functions = new LinkedHashMap<>();
    functions.put("APPROX_DISTINCT", ApproxDistinct.class);
    functions.put("APPROX_PERCENTILE", ApproxPercentile.class);
    functions.put("VAR_POP_D", Variance.Population.class);
    functions.put("VAR_SAMP_D", Variance.Sample.class);
    functions.put("STDDEV_POP_D", Variance.PopulationStddev.class);
    functions.put("STDDEV_SAMP_D", Variance.SampleStddev.class);
    functions.put("LAST_K", LastK.class);
    functions.put("JSON_PATHS", JsonPaths.class);
    functions.put("ENCRYPT", Encryption.Encrypt.class);
    functions.put("DECRYPT", Encryption.Decrypt.class);
    functions.put("MASK_PHONE", Masking.Phone.class);
    functions.put("MASK_ID_CARD", Masking.IdCard.class);
    functions.put("MASK_BANK_CARD", Masking.BankCard.class);
    return functions;
  }
}
