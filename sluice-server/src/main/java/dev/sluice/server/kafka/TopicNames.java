package dev.sluice.server.kafka;

import dev.sluice.server.errors.InvalidFieldException;
import java.util.regex.Pattern;

/** Kafka's rule for a topic name: 1-249 of {@code a-z A-Z 0-9 . _ -}, and not "." or "..". */
public final class TopicNames {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private TopicNames() {}

  /** The name, or a 400 at {@code topic} saying what a topic name may hold. */
  public static String require(String topic) {
    if (topic == null
        || !LEGAL.matcher(topic).matches()
        || topic.equals(".")
        || topic.equals("..")) {
      throw new InvalidFieldException(
          "topic",
          "a Kafka topic name is 1-249 letters, digits, '.', '_' or '-' (and not '.' or '..')");
    }
    return topic;
  }

  /** Kafka's own topics ({@code __consumer_offsets}, {@code __transaction_state}...). */
  public static boolean internal(String topic) {
    return topic.startsWith("__");
  }
}
