package dev.sluice.server.ops.channels;

import dev.sluice.server.errors.InvalidFieldException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a channel sends: a JSON webhook, SMTP mail, or a chat robot in its own format. */
public enum ChannelType {
  WEBHOOK,
  EMAIL,
  DINGTALK,
  FEISHU,
  WECOM;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether it sends over HTTP to a URL. */
  public boolean http() {
    return this != EMAIL;
  }

  /** The type a request names; {@code lark} is Feishu's international name. */
  public static ChannelType parse(String type) {
    if (type == null || type.isBlank()) {
      throw new InvalidFieldException("type", "required: one of " + names());
    }
    String t = type.trim().toLowerCase(Locale.ROOT);
    if (t.equals("lark")) {
      return FEISHU;
    }
    return Arrays.stream(values())
        .filter(v -> v.json().equals(t))
        .findFirst()
        .orElseThrow(
            () -> new InvalidFieldException("type", "'" + type + "' is not one of " + names()));
  }

  private static String names() {
    return Arrays.stream(values()).map(ChannelType::json).collect(Collectors.joining(", "))
        + " (lark is feishu)";
  }
}
