package dev.sluice.server.ops.channels;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${secret:name}} references in a channel's settings. */
final class SecretRefs {
  static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]{1,128})}");

  private SecretRefs() {}

  /** The names referenced in the text, in order. */
  static Set<String> names(String text) {
    Set<String> names = new LinkedHashSet<>();
    if (text != null) {
      Matcher m = REFERENCE.matcher(text);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Whether the text is one reference and nothing else. */
  static boolean isReference(String text) {
    return text != null && REFERENCE.matcher(text.trim()).matches();
  }

  /** Whether the text holds a reference anywhere. */
  static boolean hasReference(String text) {
    return text != null && REFERENCE.matcher(text).find();
  }

  /** The text with each reference replaced by the secret's value. */
  static String resolve(String text, Function<String, String> values) {
    if (text == null) {
      return null;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
