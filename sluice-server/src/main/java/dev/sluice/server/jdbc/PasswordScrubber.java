package dev.sluice.server.jdbc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Takes a password out of a driver's message before anyone sees the message. */
public final class PasswordScrubber {
  static final String MASK = "***";

  private PasswordScrubber() {}

  /** The text with every occurrence of the password (as given or URL-encoded) masked. */
  public static String scrub(String text, String password) {
    if (text == null || password == null || password.isEmpty()) {
      return text;
    }
    String out = text.replace(password, MASK);
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
    return encoded.equals(password) ? out : out.replace(encoded, MASK);
  }
}
