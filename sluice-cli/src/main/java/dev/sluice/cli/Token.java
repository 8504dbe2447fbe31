package dev.sluice.cli;

import static java.util.Objects.requireNonNull;

/**
 * An API token the CLI sends, with where it came from, so that a refusal can say which token to
 * replace. {@link #toString()} never shows the value.
 */
record Token(String value, Source source, String origin) {
  /** Where a token comes from, in the order the CLI looks. */
  enum Source {
    OPTION,
    ENV,
    SAVED,
    FILE
  }

  Token {
    requireNonNull(value, "value is null");
    requireNonNull(source, "source is null");
    requireNonNull(origin, "origin is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("token is empty");
    }
  }

  /** The {@code Authorization} header value. */
  String header() {
    return "Bearer " + value;
  }

  /** Which token this is, for messages: "the --token option", "SLUICE_TOKEN", a file. */
  String describe() {
    return switch (source) {
      case OPTION -> "the token given with --token";
      case ENV -> "the token in SLUICE_TOKEN";
      case SAVED -> "the token saved by 'sluice login' (" + origin + ")";
      case FILE -> "the token in " + origin + " (SLUICE_TOKEN_FILE)";
    };
  }

  @Override
  public String toString() {
    return "Token[" + source + ", " + origin + "]";
  }
}
