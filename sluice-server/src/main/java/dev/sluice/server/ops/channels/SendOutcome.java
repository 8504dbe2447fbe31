package dev.sluice.server.ops.channels;

import static java.util.Objects.requireNonNull;

/** What became of one attempt to send: delivered, or not and why. Details hold no secret value. */
public sealed interface SendOutcome {
  String detail();

  /** The receiver took the message ({@code HTTP 200}, the SMTP server accepted it). */
  record Delivered(String detail) implements SendOutcome {
    public Delivered {
      requireNonNull(detail, "detail is null");
    }
  }

  /**
   * Not delivered.
   *
   * @param retryable whether another attempt may succeed (a timeout, a 5xx, a rate limit); a 4xx
   *     other than 408 and 429 is not
   */
  record Failed(String detail, boolean retryable) implements SendOutcome {
    public Failed {
      requireNonNull(detail, "detail is null");
    }
  }
}
