package dev.sluice.server.artifacts;

import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Artifacts: jars uploaded to a project as immutable versions. Each upload is read for its Flink
 * functions and entry classes by the engine, from the class files only (nothing of the jar is
 * loaded or run in the server), and kept under its SHA-256 in the data directory.
 */
@Service
public class ArtifactService {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private final ArtifactStore store;
  private final Engine engine;
  private final Path directory;

  /** Digests of files already checked, by path, size and modification time. */
  private final Map<String, String> checked = new ConcurrentHashMap<>();

  public ArtifactService(ArtifactStore store, Engine engine, SluiceProperties properties) {
    this.store = store;
    this.engine = engine;
    this.directory = properties.dataDir().resolve("artifacts").toAbsolutePath();
  }

  /** The outcome of an upload: the version, and whether it is new (else the same bytes again). */
  public record Upload(ArtifactVersion version, boolean created) {}

  /**
   * Uploads a version of an artifact, creating the artifact in the project at its first version.
   * Uploading the bytes of the latest version again makes no new version.
   */
  @Transactional
  public Upload upload(
      String project,
      String name,
      String comment,
      String fileName,
      InputStream content,
      String author) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "an artifact name is 1-64 lower-case letters, digits, '_' or '-', starting with a"
              + " letter (got: "
              + name
              + ")");
    }
    if (comment != null && comment.length() > 1024) {
      throw new InvalidFieldException("comment", "at most 1024 characters");
    }
    store
        .projectOf(name)
        .filter(p -> !p.equals(project))
        .ifPresent(
            p -> {
              throw new ConflictException(
                  "An artifact named '"
                      + name
                      + "' exists in another project; choose another name");
            });
    Path temp = receive(content);
    try {
      String sha256 = digest(temp);
      long size = Files.size(temp);
      if (size == 0) {
        throw new InvalidFieldException("file", "the file is empty");
      }
      List<ArtifactVersion> versions = store.versions(name);
      if (!versions.isEmpty() && versions.get(0).sha256().equals(sha256)) {
        return new Upload(versions.get(0), false);
      }
      ArtifactScan scan;
      try {
        scan = engine.scanArtifact(temp);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("file", e.getMessage());
      }
      if (scan.classes() == 0) {
        throw new InvalidFieldException("file", "the jar holds no class files");
      }
      Path target = directory.resolve(sha256 + ".jar");
      if (!Files.exists(target)) {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      if (versions.isEmpty()) {
        store.createArtifact(name, project);
      }
      String file = fileName == null ? null : Path.of(fileName).getFileName().toString();
      ArtifactVersion version =
          store.addVersion(name, project, sha256, size, cut(file), author, comment, scan);
      return new Upload(version, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not keep the uploaded file", e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // A leftover temporary file is removed with the next upload's directory listing.
      }
    }
  }

  public List<String> names() {
    return store.artifactNames();
  }

  public String projectOf(String name) {
    return store.projectOf(name).orElseThrow(() -> notFound(name));
  }

  public List<ArtifactVersion> versions(String name) {
    List<ArtifactVersion> versions = store.versions(name);
    if (versions.isEmpty()) {
      throw notFound(name);
    }
    return versions;
  }

  public ArtifactVersion version(String name, int version) {
    return store
        .version(name, version)
        .orElseThrow(
            () -> new NotFoundException("Version " + version + " of artifact '" + name + "'"));
  }

  /**
   * Deletes a version no function is registered from and no job version calls; the file goes with
   * it unless another version has the same bytes.
   */
  @Transactional
  public void delete(String name, int version) {
    ArtifactVersion v = version(name, version);
    List<String> functions = store.functionsOn(name, version);
    if (!functions.isEmpty()) {
      throw new ConflictException(
          v.label()
              + " cannot be deleted: functions "
              + String.join(", ", functions)
              + " are registered from it; move them to another version or delete them first");
    }
    List<String> jobs = store.jobsUsing(name, version);
    if (!jobs.isEmpty()) {
      throw new ConflictException(
          v.label()
              + " cannot be deleted: versions of jobs "
              + String.join(", ", jobs)
              + " call its functions and would not run again");
    }
    store.deleteVersion(name, version);
    if (!store.sharedFile(v.sha256(), name, version)) {
      try {
        Files.deleteIfExists(directory.resolve(v.sha256() + ".jar"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The jar of a version, checked against its digest: a file changed since its upload is never
   * shipped under the version's name.
   */
  public Path jar(String name, int version, String sha256) {
    Path file = directory.resolve(sha256 + ".jar");
    try {
      String key = file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
      String actual = checked.computeIfAbsent(key, k -> digest(file));
      if (!actual.equals(sha256)) {
        throw new IllegalStateException(
            "The file of artifact " + name + ":" + version + " no longer has its digest " + sha256);
      }
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(
          "The file of artifact " + name + ":" + version + " is missing from " + directory, e);
    }
  }

  private Path receive(InputStream content) {
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, "upload-", ".part");
      try (InputStream in = content;
          OutputStream out = Files.newOutputStream(temp)) {
        in.transferTo(out);
      }
      return temp;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not receive the uploaded file", e);
    }
  }

  static String digest(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
      MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cut(String s) {
    return s == null || s.length() <= 256 ? s : s.substring(s.length() - 256);
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("Artifact '" + name + "'");
  }
}
