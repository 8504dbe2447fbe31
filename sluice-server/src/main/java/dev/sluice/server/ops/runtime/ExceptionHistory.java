package dev.sluice.server.ops.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Flink's answer to {@code /jobs/:jid/exceptions?maxExceptions=N}, read into {@link
 * JobExceptions.Failure}s. Each trace has its secret values replaced before anything is taken from
 * it.
 */
final class ExceptionHistory {
  /** Lines of a trace shown; the reason is also in {@code cause}. */
  static final int TRACE_LINES = 25;

  private static final Pattern EXCEPTION_LINE =
      Pattern.compile("^(?:Caused by: )?((?:[\\w$]+\\.)*([\\w$]+))(?::\\s?(.*))?$");

  private final UnaryOperator<String> redact;

  /**
   * @param redact takes secret values out of a trace
   */
  ExceptionHistory(UnaryOperator<String> redact) {
    this.redact = redact;
  }

  /** Newest first, as Flink lists them. */
  List<JobExceptions.Failure> failures(JsonNode answer) {
    List<JobExceptions.Failure> out = new ArrayList<>();
    for (JsonNode entry : answer.path("exceptionHistory").path("entries")) {
      out.add(failure(entry));
    }
    if (out.isEmpty() && answer.path("root-exception").isString()) {
      // The history is off (web.exception-history-size 0): Flink still has the newest failure.
      String trace = redact.apply(answer.path("root-exception").asString());
      out.add(
          new JobExceptions.Failure(
              className(trace),
              message(trace),
              cause(trace),
              excerpt(trace),
              answer.path("timestamp").isNumber() ? answer.path("timestamp").asLong() : null,
              null,
              null,
              null,
              0));
    }
    return out;
  }

  boolean truncated(JsonNode answer) {
    return answer.path("exceptionHistory").path("truncated").asBoolean();
  }

  private JobExceptions.Failure failure(JsonNode e) {
    String trace = redact.apply(e.path("stacktrace").asString(""));
    String name = text(e.path("exceptionName"));
    String location = text(e.path("endpoint"));
    return new JobExceptions.Failure(
        name != null ? name : className(trace),
        message(trace),
        cause(trace),
        excerpt(trace),
        e.path("timestamp").isNumber() ? e.path("timestamp").asLong() : null,
        text(e.path("taskName")),
        location != null ? location : text(e.path("location")),
        text(e.path("taskManagerId")),
        e.path("concurrentExceptions").size());
  }

  private static String text(JsonNode n) {
    return n.isString() && !n.asString().isBlank() && !"null".equals(n.asString())
        ? n.asString()
        : null;
  }

  private static String firstLine(String trace) {
    return trace.lines().findFirst().orElse("").strip();
  }

  static String className(String trace) {
    Matcher m = EXCEPTION_LINE.matcher(firstLine(trace));
    return m.matches() ? m.group(1) : null;
  }

  /** The message of the outermost exception: its first line after the class name. */
  static String message(String trace) {
    Matcher m = EXCEPTION_LINE.matcher(firstLine(trace));
    return m.matches() ? m.group(3) : null;
  }

  /** The innermost {@code Caused by:} (else the first line) as {@code SimpleName: message}. */
  static String cause(String trace) {
    String innermost = firstLine(trace);
    for (String line : (Iterable<String>) trace.lines()::iterator) {
      if (line.startsWith("Caused by: ")) {
        innermost = line.strip();
      }
    }
    if (innermost.isEmpty()) {
      return null;
    }
    Matcher m = EXCEPTION_LINE.matcher(innermost);
    if (!m.matches()) {
      return innermost.replaceFirst("^Caused by: ", "");
    }
    return m.group(3) == null || m.group(3).isBlank() ? m.group(2) : m.group(2) + ": " + m.group(3);
  }

  /** The first {@value #TRACE_LINES} lines, with how many more there are. */
  static String excerpt(String trace) {
    List<String> lines = trace.lines().toList();
    if (lines.size() <= TRACE_LINES) {
      return trace.stripTrailing();
    }
    return String.join("\n", lines.subList(0, TRACE_LINES))
        + "\n\t... "
        + (lines.size() - TRACE_LINES)
        + " more lines";
  }
}
