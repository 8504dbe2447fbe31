package dev.sluice.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The admin token of the server the benchmarks start: its first start writes it to {@code
 * admin.token} in the data directory, and every API request carries it.
 */
final class BenchToken {
  private static volatile String token;

  private BenchToken() {}

  /** Reads the token of the server whose data directory is given, once it is up. */
  static void read(Path dataDir) throws IOException {
    token = Files.readString(dataDir.resolve("admin.token")).strip();
  }

  /** The request, authorized. */
  static HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }
}
