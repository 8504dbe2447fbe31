package dev.sluice.server.kafka;

import java.nio.charset.StandardCharsets;

/** A record's key or value as UTF-8 text, cut at {@link #MAX_BYTES} on a character boundary. */
public record RecordText(String text, boolean cut) {
  public static final int MAX_BYTES = 64 * 1024;

  /** The bytes as text (null stays null), the first {@code maxBytes} only if there are more. */
  public static RecordText of(byte[] bytes, int maxBytes) {
    if (bytes == null) {
      return new RecordText(null, false);
    }
    if (bytes.length <= maxBytes) {
      return new RecordText(new String(bytes, StandardCharsets.UTF_8), false);
    }
    int end = maxBytes;
    // Back off to the first byte of a character so the text does not end in half of one.
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new RecordText(new String(bytes, 0, end, StandardCharsets.UTF_8), true);
  }

  public static RecordText of(byte[] bytes) {
    return of(bytes, MAX_BYTES);
  }
}
