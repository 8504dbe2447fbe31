package dev.sluice.server.secrets;

import dev.sluice.server.config.OwnerOnlyFiles;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Service;

/**
 * The platform's secret store: named keys for ENCRYPT/DECRYPT. Key material is generated here (or
 * imported), stored wrapped with the master key ({@code SLUICE_MASTER_KEY}, base64 of 32 bytes,
 * else {@code master.key} in the data directory, created on first use and readable by the owner
 * only), never returned by the API, and handed to a deployed job only when it presents its
 * deployment's credential ({@link DeploymentCredentials}) and its script names the key.
 */
@Service
public class SecretStore {
  private static final Map<String, Integer> KEY_BYTES =
      Map.of("AES-128", 16, "AES-256", 32, "SM4", 16);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?is)\\b(?:EN|DE)CRYPT\\s*\\((?:[^()']|'[^']*'|\\([^()]*\\))*?,\\s*'([^']+)'\\s*\\)");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Why a job's credential is refused, the same whatever was wrong with it. */
  static final String CREDENTIAL_REFUSED =
      "The job's credential is not valid: it is unknown, expired or revoked";

  private final SecretRepository keys;
  private final SluiceProperties properties;
  private final DeploymentCredentials credentials;
  private final KeyUseRecorder keyUses;
  private volatile byte[] master;

  public SecretStore(
      SecretRepository keys,
      SluiceProperties properties,
      DeploymentCredentials credentials,
      KeyUseRecorder keyUses) {
    this.keys = keys;
    this.properties = properties;
    this.credentials = credentials;
    this.keyUses = keyUses;
  }

  /**
   * A secret as the API shows it: never its material or value.
   *
   * @param algorithm a key's algorithm; null for a value
   * @param updatedAt when a value was last rotated; null for a key
   */
  public record KeyInfo(
      String name,
      SecretKind kind,
      String algorithm,
      String author,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      String project) {}

  /** The key names a script refers to in ENCRYPT/DECRYPT calls. */
  public static Set<String> references(String script) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(script);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  public KeyInfo create(String name, String algorithm, String importedBase64, String author) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "A key name is 1-128 letters, digits, '_', '.' or '-' (got: " + name + ")");
    }
    String alg = algorithm == null ? "AES-256" : algorithm.toUpperCase();
    Integer size = KEY_BYTES.get(alg);
    if (size == null) {
      throw new InvalidRequestException(
          "algorithm must be one of " + KEY_BYTES.keySet() + " (got: " + algorithm + ")");
    }
    byte[] key;
    if (importedBase64 == null) {
      key = new byte[size];
      RANDOM.nextBytes(key);
    } else {
      try {
        key = Base64.getDecoder().decode(importedBase64);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("key must be base64");
      }
      if (key.length != size) {
        throw new InvalidRequestException(
            alg + " takes a " + size + "-byte key; the given one has " + key.length);
      }
    }
    if (keys.kind(name).isPresent()) {
      throw new ConflictException("A key named '" + name + "' already exists");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    keys.insert(name, alg, wrap(key), author, now);
    Arrays.fill(key, (byte) 0);
    return new KeyInfo(name, SecretKind.KEY, alg, author, now, null, null);
  }

  /** Stores a credential that scripts reference as {@code ${secret:name}}. */
  public KeyInfo createValue(String name, String value, String author) {
    checkName(name);
    checkValue(value);
    if (keys.kind(name).isPresent()) {
      throw new ConflictException(
          "A secret named '"
              + name
              + "' already exists (PUT /api/v1/secrets/"
              + name
              + " replaces a value)");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    keys.insertValue(name, wrap(value.getBytes(StandardCharsets.UTF_8)), author, now);
    return new KeyInfo(name, SecretKind.VALUE, null, author, now, now, null);
  }

  /**
   * Replaces a credential's value. Jobs already running keep the value they were submitted with
   * until they are deployed again.
   */
  public KeyInfo rotateValue(String name, String value) {
    checkValue(value);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (!keys.updateValue(name, wrap(value.getBytes(StandardCharsets.UTF_8)), now)) {
      if (keys.kind(name).orElse(null) == SecretKind.KEY) {
        throw new ConflictException(
            "'" + name + "' is an encryption key, not a value: a key is not rotated in place");
      }
      throw new NotFoundException("Secret '" + name + "'");
    }
    return keys.list().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  /** Whether a credential of that name exists (a key of that name does not count). */
  public boolean valueExists(String name) {
    return keys.kind(name).orElse(null) == SecretKind.VALUE;
  }

  /**
   * A credential in the clear: only for the compile of a job that is being submitted, never for a
   * response, a log line or anything stored.
   */
  public Optional<String> value(String name) {
    return keys.findValue(name).map(w -> new String(unwrap(w), StandardCharsets.UTF_8));
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidFieldException("name", "required: the name scripts refer to");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "a secret name is 1-128 letters, digits, '_', '.' or '-' (it is written"
              + " ${secret:name} in scripts)");
    }
  }

  private static void checkValue(String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidFieldException("value", "required: the secret's value, not empty");
    }
  }

  /** Creates a key or a credential in a project; only that project's jobs may use it. */
  @org.springframework.transaction.annotation.Transactional
  public KeyInfo createIn(String project, java.util.function.Supplier<KeyInfo> create) {
    KeyInfo created = create.get();
    keys.setProject(created.name(), project);
    return new KeyInfo(
        created.name(),
        created.kind(),
        created.algorithm(),
        created.author(),
        created.createdAt(),
        created.updatedAt(),
        project);
  }

  /** The project a secret belongs to. */
  public String project(String name) {
    return keys.project(name).orElseThrow(() -> new NotFoundException("Secret '" + name + "'"));
  }

  /**
   * Refuses references of a job to secrets of another project (or to none): a job uses only its own
   * project's secrets.
   */
  public void requireInProject(java.util.Collection<String> names, String project) {
    List<String> foreign =
        names.stream()
            .filter(n -> keys.project(n).map(p -> !p.equals(project)).orElse(false))
            .sorted()
            .toList();
    if (!foreign.isEmpty()) {
      throw new dev.sluice.server.errors.ForbiddenException(
          "The script refers to secrets that are not in project '"
              + project
              + "': "
              + String.join(", ", foreign));
    }
  }

  public List<KeyInfo> list() {
    return keys.list();
  }

  public boolean exists(String name) {
    return keys.exists(name);
  }

  public void delete(String name) {
    if (!keys.delete(name)) {
      throw new NotFoundException("Secret '" + name + "'");
    }
  }

  /**
   * The key material, for a running deployment of the job whose credential is valid and whose
   * script names the key.
   *
   * @param script the job's current script; it does not decide: the deployed script does, which may
   *     differ from it until the job is deployed again
   */
  public Map<String, String> material(String name, long jobId, String token, String script) {
    return material(name, jobId, token);
  }

  /**
   * The key material, for a running deployment of the job whose credential is valid and whose
   * script names the key. A credential that is unknown, another job's, expired or revoked is
   * refused alike; each key handed out is recorded.
   */
  public Map<String, String> material(String name, long jobId, String token) {
    DeploymentCredentials.Holder holder =
        credentials
            .verify(jobId, token)
            .orElseThrow(() -> new ForbiddenException(CREDENTIAL_REFUSED));
    if (!holder.keyNames().contains(name)) {
      throw new ForbiddenException("The job's script does not name key '" + name + "'");
    }
    SecretRepository.WrappedKey stored =
        keys.find(name).orElseThrow(() -> new NotFoundException("Key '" + name + "'"));
    keyUses.keyUsed(jobId, holder.flinkJobId(), name);
    return Map.of(
        "algorithm",
        stored.algorithm(),
        "key",
        Base64.getEncoder().encodeToString(unwrap(stored.wrapped())));
  }

  private String wrap(byte[] key) {
    return wrap(key, master());
  }

  private static String wrap(byte[] key, byte[] master) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
      byte[] sealed = c.doFinal(key);
      return Base64.getEncoder()
          .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] unwrap(String wrapped) {
    try {
      return unwrap(wrapped, master());
    } catch (GeneralSecurityException e) {
      // A rotation that stopped between the store and the key file: the store has the next key.
      byte[] next = readKeyFile(nextKeyFile());
      if (next != null) {
        try {
          byte[] plain = unwrap(wrapped, next);
          promoteNextKey(next);
          return plain;
        } catch (GeneralSecurityException ignored) {
          // neither key: the error below
        }
      }
      throw new IllegalStateException(
          "A stored key does not unwrap: is this the master key it was stored with?", e);
    }
  }

  private static byte[] unwrap(String wrapped, byte[] master) throws GeneralSecurityException {
    byte[] all = Base64.getDecoder().decode(wrapped);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(master, "AES"),
        new GCMParameterSpec(128, all, 0, 12));
    return c.doFinal(all, 12, all.length - 12);
  }

  /**
   * Rewraps every stored key and value under a new master key. The new key is written beside the
   * old one first ({@code master.key.next}), the store is rewrapped in one transaction, then the
   * new key replaces the old file: a rotation that stops at any point leaves every secret readable.
   * Returns how many secrets were rewrapped.
   */
  @org.springframework.transaction.annotation.Transactional
  public synchronized int rotateMasterKey() {
    if (System.getenv("SLUICE_MASTER_KEY") != null
        && !System.getenv("SLUICE_MASTER_KEY").isBlank()) {
      throw new ConflictException(
          "The master key comes from SLUICE_MASTER_KEY: it is rotated where that variable is set,"
              + " not here");
    }
    byte[] old = master();
    byte[] next = new byte[32];
    RANDOM.nextBytes(next);
    writeKeyFile(nextKeyFile(), next);
    Map<String, String> all = keys.allWrapped();
    try {
      for (Map.Entry<String, String> e : all.entrySet()) {
        byte[] plain = unwrap(e.getValue(), old);
        keys.rewrap(e.getKey(), wrap(plain, next));
        Arrays.fill(plain, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A stored secret does not unwrap under the master key", e);
    }
    if (!org.springframework.transaction.support.TransactionSynchronizationManager
        .isSynchronizationActive()) {
      promoteNextKey(next); // no transaction: each rewrap is already stored
      return all.size();
    }
    org.springframework.transaction.support.TransactionSynchronizationManager
        .registerSynchronization(
            new org.springframework.transaction.support.TransactionSynchronization() {
              @Override
              public void afterCommit() {
                promoteNextKey(next);
              }
            });
    return all.size();
  }

  private Path keyFile() {
    return properties.dataDir().resolve("master.key");
  }

  private Path nextKeyFile() {
    return properties.dataDir().resolve("master.key.next");
  }

  private synchronized void promoteNextKey(byte[] next) {
    try {
      Files.move(
          nextKeyFile(),
          keyFile(),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("The new master key cannot replace " + keyFile(), e);
    }
    master = next;
  }

  private static byte[] readKeyFile(Path file) {
    try {
      return Files.exists(file) ? Base64.getDecoder().decode(Files.readString(file).trim()) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("The master key " + file + " cannot be read", e);
    }
  }

  private static void writeKeyFile(Path file, byte[] key) {
    try {
      OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(key));
    } catch (IOException e) {
      throw new UncheckedIOException("The master key " + file + " cannot be written", e);
    }
  }

  private byte[] master() {
    byte[] key = master;
    if (key != null) {
      return key;
    }
    synchronized (this) {
      if (master == null) {
        master = loadMaster();
      }
      return master;
    }
  }

  private byte[] loadMaster() {
    String env = System.getenv("SLUICE_MASTER_KEY");
    if (env != null && !env.isBlank()) {
      byte[] key = Base64.getDecoder().decode(env.trim());
      if (key.length != 32) {
        throw new IllegalStateException("SLUICE_MASTER_KEY must be base64 of 32 bytes");
      }
      return key;
    }
    byte[] existing = readKeyFile(keyFile());
    if (existing != null) {
      return existing;
    }
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    writeKeyFile(keyFile(), key);
    return key;
  }
}
