package dev.sluice.engine.flink.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.SerializedThrowable;

/**
 * Turns what Flink throws into what a person can act on: the reason at the bottom of a chain of
 * wrappers, as {@code SimpleName: message}, never a wrapper's class name or a Java {@code
 * toString}. Flink ships failures of remote operations as {@link SerializedThrowable}s; they are
 * deserialized with the engine's classloader, which holds every class a job can throw.
 */
final class Failures {
  /** An exception line of a stack trace text: {@code java.lang.Foo: message} or {@code Foo}. */
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile(
          "^(?:Caused by: )?((?:[a-zA-Z_$][\\w$]*\\.)*([A-Z][\\w$]*(?:Exception|Error|Throwable)))(?::\\s*(.*))?$");

  private Failures() {}

  /** The chain from the outermost throwable inwards, serialized throwables deserialized. */
  static List<Throwable> chain(Throwable t) {
    List<Throwable> chain = new ArrayList<>();
    Throwable current = t;
    while (current != null && chain.size() < 50 && !chain.contains(current)) {
      if (current instanceof SerializedThrowable serialized) {
        Throwable original = serialized.deserializeError(Failures.class.getClassLoader());
        if (original != serialized) {
          current = original;
          continue;
        }
      }
      chain.add(current);
      current = current.getCause();
    }
    return chain;
  }

  /** The root reason of a failure: {@code OutOfMemoryError: Java heap space}. */
  static String reason(Throwable t) {
    String reason = null;
    for (Throwable x : chain(t)) {
      if (x instanceof ExecutionException || x instanceof CompletionException) {
        continue;
      }
      String described = describe(x);
      if (described != null) {
        reason = described;
      }
    }
    return reason != null ? reason : t.getClass().getSimpleName();
  }

  /** Whether any throwable of the chain is of the named class or carries the given text. */
  static boolean mentions(Throwable t, String text) {
    for (Throwable x : chain(t)) {
      if (x.getClass().getName().contains(text)
          || (x instanceof SerializedThrowable s && s.getOriginalErrorClassName().contains(text))
          || (x.getMessage() != null && x.getMessage().contains(text))) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable x) {
    String message = x.getMessage();
    String name =
        x instanceof SerializedThrowable s
            ? simpleName(s.getOriginalErrorClassName())
            : x.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return x.getCause() == null ? name : null;
    }
    // A REST error answer carries the server's stack trace as text: its deepest exception line.
    String fromTrace = rootOfTrace(message);
    if (fromTrace != null) {
      return fromTrace;
    }
    String line = message.lines().findFirst().orElse(message).strip();
    if (line.equals(x.getCause() == null ? null : String.valueOf(x.getCause()))) {
      return null; // a wrapper whose message is its cause's toString
    }
    return name + ": " + line;
  }

  /** The deepest exception line of a stack trace text, or null when the text holds none. */
  static String rootOfTrace(String trace) {
    String root = null;
    for (String raw : trace.lines().toList()) {
      String line = raw.strip().replaceFirst("^\\[?<?Exception on server side:\\s*", "");
      Matcher m = EXCEPTION_LINE.matcher(line);
      if (m.matches() && m.group(1).contains(".")) {
        String message = m.group(3);
        root = m.group(2) + (message == null || message.isBlank() ? "" : ": " + message.strip());
      }
    }
    return root;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
