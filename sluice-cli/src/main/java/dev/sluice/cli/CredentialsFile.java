package dev.sluice.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens saved by {@code sluice login}: a JSON object keyed by server URL, readable by its
 * owner only, and replaced as a whole by a rename so that a crash never leaves half a file.
 *
 * <pre>{"http://localhost:8080": {"token": "slc_...", "username": "admin"}}</pre>
 */
final class CredentialsFile {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path path;

  CredentialsFile(Path path) {
    this.path = requireNonNull(path, "path is null");
  }

  /**
   * {@code $XDG_CONFIG_HOME/sluice/credentials}, else {@code ~/.config/sluice/credentials}; a
   * relative XDG_CONFIG_HOME is ignored, as the XDG base directory specification asks.
   */
  static CredentialsFile locate(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(userHome, ".config");
    return new CredentialsFile(config.resolve("sluice").resolve("credentials"));
  }

  /** The key a server's entry is saved under: its URL without trailing slashes. */
  static String key(String server) {
    String s = server.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  Path path() {
    return path;
  }

  /** The token saved for a server, if any. */
  Optional<String> token(String server) throws IOException {
    JsonNode entry = read().path(key(server));
    String token = entry.path("token").asText("");
    return token.isBlank() ? Optional.empty() : Optional.of(token);
  }

  /** Saves (or replaces) the token for a server, keeping the other servers' entries. */
  void save(String server, String token, String username) throws IOException {
    ObjectNode all = read();
    ObjectNode entry = all.putObject(key(server));
    entry.put("token", token);
    entry.put("username", username);
    write(all);
  }

  /** Removes a server's entry; false when there was none. */
  boolean remove(String server) throws IOException {
    ObjectNode all = read();
    if (all.remove(key(server)) == null) {
      return false;
    }
    write(all);
    return true;
  }

  private ObjectNode read() throws IOException {
    if (!Files.exists(path)) {
      return Api.JSON.createObjectNode();
    }
    try {
      JsonNode node = Api.JSON.readTree(Files.readString(path));
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      throw new IOException(
          "The credentials file " + path + " is not valid JSON: fix or remove it", e);
    }
    throw new IOException("The credentials file " + path + " is not a JSON object: remove it");
  }

  private void write(ObjectNode all) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, permissions("rwx------"));
    }
    Path temp = Files.createTempFile(dir, ".credentials-", ".tmp", permissions("rw-------"));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes =
            ByteBuffer.wrap(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] permissions(String mode) {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
        }
        : new FileAttribute<?>[0];
  }
}
