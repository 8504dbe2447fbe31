package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ENCRYPT/DECRYPT with keys from the secret store, on the real cluster: the SQL names keys, the job
 * fetches them with its deployment's credential, and neither the key material nor the credential is
 * in the job's configuration.
 */
@Order(13)
class EncryptionIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);

  private static final String PLAIN = "decrypted on the cluster";

  private static byte[] key(int length, int seed) {
    byte[] key = new byte[length];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + seed);
    }
    return key;
  }

  /** AES-GCM as ENCRYPT writes it: base64 of IV + ciphertext + tag. */
  private static String aesSeal(byte[] key, byte[] iv, String plain) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
  }

  private static String aesOpen(byte[] key, String base64) throws Exception {
    byte[] message = Base64.getDecoder().decode(base64);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, message, 0, 12));
    return new String(c.doFinal(message, 12, message.length - 12), StandardCharsets.UTF_8);
  }

  /** SM4-GCM as ENCRYPT writes it, computed here with another implementation's hands. */
  private static byte[] sm4(boolean encrypt, byte[] key, byte[] iv, byte[] input) throws Exception {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, iv));
    byte[] out = new byte[gcm.getOutputSize(input.length)];
    int n = gcm.processBytes(input, 0, input.length, out, 0);
    n += gcm.doFinal(out, n);
    return Arrays.copyOf(out, n);
  }

  private static String sm4Seal(byte[] key, byte[] iv, String plain) throws Exception {
    byte[] sealed = sm4(true, key, iv, plain.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
  }

  private static String sm4Open(byte[] key, String base64) throws Exception {
    byte[] message = Base64.getDecoder().decode(base64);
    return new String(
        sm4(
            false,
            key,
            Arrays.copyOf(message, 12),
            Arrays.copyOfRange(message, 12, message.length)),
        StandardCharsets.UTF_8);
  }

  @Test
  void columnsAreEncryptedWithNamedKeysThatNeverTravelWithTheJob() throws Exception {
    byte[] aes = key(32, 3);
    byte[] sm4 = key(16, 5);
    String aesKey = Base64.getEncoder().encodeToString(aes);
    String sm4Key = Base64.getEncoder().encodeToString(sm4);
    Http.Response created =
        http.post(
            "/api/v1/secrets", Map.of("name", "it_aes", "algorithm", "AES-256", "key", aesKey));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.raw()).doesNotContain(aesKey);
    Http.Response createdSm4 =
        http.post("/api/v1/secrets", Map.of("name", "it_sm4", "algorithm", "SM4", "key", sm4Key));
    assertThat(createdSm4.status()).as(createdSm4.raw()).isEqualTo(201);
    assertThat(http.post("/api/v1/secrets", Map.of("name", "it_unnamed")).status()).isEqualTo(201);
    Http.Response twice =
        http.post("/api/v1/secrets", Map.of("name", "it_aes", "algorithm", "AES-256"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().path("detail").asText())
        .isEqualTo("A key named 'it_aes' already exists");
    Http.Response des = http.post("/api/v1/secrets", Map.of("name", "x", "algorithm", "DES"));
    assertThat(des.status()).isEqualTo(400);
    assertThat(des.body().path("detail").asText()).contains("(got: DES)");
    assertThat(http.get("/api/v1/secrets").raw())
        .contains("it_aes", "it_sm4")
        .doesNotContain(aesKey)
        .doesNotContain(sm4Key);

    // Values sealed here, opened by DECRYPT on the cluster (CASE keeps them from being constants,
    // which the planner would fold in the server).
    String aesSealed = aesSeal(aes, key(12, 1), PLAIN);
    String sm4Sealed = sm4Seal(sm4, key(12, 2), PLAIN);
    Path out = platform.dataDir.resolve("encrypted-output");
    String script =
        """
        CREATE TABLE people (id BIGINT, phone AS CAST(13800000000 + id AS STRING)) WITH (
          'connector' = 'datagen', 'number-of-rows' = '20', 'rows-per-second' = '100',
          'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '20');
        CREATE TABLE sealed (id BIGINT, phone STRING, aes STRING, sm4 STRING, aes_back STRING,
          sm4_back STRING) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
        INSERT INTO sealed
        SELECT id, phone, ENCRYPT(phone, 'it_aes'), ENCRYPT(phone, 'it_sm4'),
          DECRYPT(CASE WHEN id > 0 THEN '%s' END, 'it_aes'),
          DECRYPT(CASE WHEN id > 0 THEN '%s' END, 'it_sm4')
        FROM people;
        """
            .formatted(out.toUri(), aesSealed, sm4Sealed);
    long id = jobs.create("encrypt_phones", script);
    JsonNode deployed = jobs.deploy(id, "none");
    JsonNode done =
        jobs.await(
            id,
            j ->
                "FINISHED".equals(j.path("state").asText())
                    || "FAILED".equals(j.path("state").asText()),
            Duration.ofMinutes(2));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("FINISHED");

    List<String> lines = DatagenToFilesystemIT.csvLines(out);
    Set<Long> ids = new TreeSet<>();
    Set<String> aesValues = new HashSet<>();
    for (String line : lines) {
      String[] f = line.replace("\"", "").split(","); // the CSV writer quotes some base64
      assertThat(f).as(line).hasSize(6);
      long row = Long.parseLong(f[0]);
      ids.add(row);
      assertThat(f[1]).isEqualTo(Long.toString(13800000000L + row));
      // Each cipher's output opens with the key outside the job, to the row's phone.
      assertThat(aesOpen(aes, f[2])).as(line).isEqualTo(f[1]);
      assertThat(sm4Open(sm4, f[3])).as(line).isEqualTo(f[1]);
      aesValues.add(f[2]);
      assertThat(f[4]).isEqualTo(PLAIN);
      assertThat(f[5]).isEqualTo(PLAIN);
    }
    assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(aesValues).as("a random IV per value").hasSize(20);

    // The job's configuration, which Flink's REST API shows, holds neither a key nor anything to
    // fetch one with.
    String flinkJob = done.path("flinkJobId").asText();
    Http.Response config = new Http(platform.flinkUrl()).get("/jobs/" + flinkJob + "/config");
    assertThat(config.status()).as(config.raw()).isEqualTo(200);
    assertThat(config.raw())
        .doesNotContain(aesKey)
        .doesNotContain(sm4Key)
        .doesNotContain("sluice.secrets");
    assertThat(deployed.path("flinkJobId").asText()).isEqualTo(flinkJob);
  }

  @Test
  void aDeploymentsCredentialIsItsOwnIsNotInTheJobsConfigurationAndEndsWithIt() throws Exception {
    byte[] aes = key(32, 11);
    String aesKey = Base64.getEncoder().encodeToString(aes);
    assertThat(
            http.post(
                    "/api/v1/secrets",
                    Map.of("name", "it_running_aes", "algorithm", "AES-256", "key", aesKey))
                .status())
        .isEqualTo(201);
    assertThat(http.post("/api/v1/secrets", Map.of("name", "it_running_unnamed")).status())
        .isEqualTo(201);
    String script =
        """
        CREATE TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
        CREATE TABLE sink (sealed STRING, opened STRING) WITH ('connector' = 'blackhole');
        INSERT INTO sink
        SELECT ENCRYPT(CAST(n AS STRING), 'it_running_aes'),
          DECRYPT(CASE WHEN n IS NOT NULL THEN '%s' END, 'it_running_aes')
        FROM ticks;
        """
            .formatted(aesSeal(aes, key(12, 4), PLAIN));
    long id = jobs.create("encrypt_running", script);
    jobs.deploy(id, "none");
    String flinkJob = jobs.awaitRunning(id).path("flinkJobId").asText();

    // The credential is in the blob store, which Flink's REST API does not serve, and nowhere in
    // the job's configuration, which it does.
    Properties credential = credentialInBlobStore(flinkJob);
    String token = credential.getProperty("token");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(credential.getProperty("job")).isEqualTo(Long.toString(id));
    assertThat(credential.getProperty("url"))
        .isEqualTo("http://localhost:" + platform.port + "/api/v1/secrets");
    Http.Response config = new Http(platform.flinkUrl()).get("/jobs/" + flinkJob + "/config");
    assertThat(config.status()).as(config.raw()).isEqualTo(200);
    assertThat(config.raw())
        .doesNotContain(token)
        .doesNotContain("sluice.secrets.token")
        .doesNotContain(aesKey);

    // The job's own functions fetched their key with it when they opened: each use is in the
    // audit log, with the job as its actor.
    JsonNode uses = awaitKeyUses(id);
    for (JsonNode use : uses) {
      assertThat(use.path("target").asText()).as(use.toString()).isEqualTo("secret it_running_aes");
      assertThat(use.path("detail").asText()).isEqualTo("deployment " + flinkJob);
      assertThat(use.path("project").asText()).isEqualTo("demo");
    }

    // As the job's functions ask: no caller, just the deployment's credential.
    Http cluster = new Http("http://localhost:" + platform.port);
    Map<String, String> asTheJob =
        Map.of("X-Sluice-Job", Long.toString(id), "X-Sluice-Job-Token", token);
    Http.Response material = cluster.get("/api/v1/secrets/it_running_aes/material", asTheJob);
    assertThat(material.status()).as(material.raw()).isEqualTo(200);
    assertThat(material.body().path("algorithm").asText()).isEqualTo("AES-256");
    assertThat(material.body().path("key").asText()).isEqualTo(aesKey);
    assertRefused(
        cluster.get("/api/v1/secrets/it_running_aes/material"),
        "Only a job's functions may fetch a key");
    String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    assertRefused(
        cluster.get(
            "/api/v1/secrets/it_running_aes/material",
            Map.of("X-Sluice-Job", Long.toString(id), "X-Sluice-Job-Token", wrong)),
        REFUSED);
    assertRefused(
        cluster.get("/api/v1/secrets/it_running_unnamed/material", asTheJob),
        "The job's script does not name key 'it_running_unnamed'");
    // A deployment's credential is its job's own: with another job's id it is refused.
    long other = jobs.create("encrypt_running_other", script);
    assertRefused(
        cluster.get(
            "/api/v1/secrets/it_running_aes/material",
            Map.of("X-Sluice-Job", Long.toString(other), "X-Sluice-Job-Token", token)),
        REFUSED);

    // Once the deployment ends, its credential fetches nothing, however it is presented.
    jobs.stop(id, true);
    assertRefused(cluster.get("/api/v1/secrets/it_running_aes/material", asTheJob), REFUSED);

    // Restored from the stop's savepoint, the job is a new deployment with a credential of its own.
    jobs.deploy(id, "latest");
    String restored = jobs.awaitRunning(id).path("flinkJobId").asText();
    assertThat(restored).isNotEqualTo(flinkJob);
    String next = credentialInBlobStore(restored).getProperty("token");
    assertThat(next).isNotEqualTo(token);
    Http.Response again =
        cluster.get(
            "/api/v1/secrets/it_running_aes/material",
            Map.of("X-Sluice-Job", Long.toString(id), "X-Sluice-Job-Token", next));
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body().path("key").asText()).isEqualTo(aesKey);
    assertRefused(cluster.get("/api/v1/secrets/it_running_aes/material", asTheJob), REFUSED);
    jobs.stop(id, false);
  }

  /** The audit log's key uses by the job, once there are any. */
  private JsonNode awaitKeyUses(long jobId) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    Http.Response last = null;
    while (Instant.now().isBefore(deadline)) {
      last = http.get("/api/v1/audit?actor=job:" + jobId + "&action=secret.use");
      assertThat(last.status()).as(last.raw()).isEqualTo(200);
      if (last.body().size() > 0) {
        return last.body();
      }
      Platform.sleep(500);
    }
    throw new AssertionError("Job " + jobId + " used no key; the audit log said " + last.raw());
  }

  /** What an unknown, expired, revoked or other job's credential gets: the same answer. */
  private static final String REFUSED =
      "The job's credential is not valid: it is unknown, expired or revoked";

  /**
   * The credential a running job was submitted with, read from the cluster's blob store on this
   * machine (the job manager's and task manager's working directories under the temp directory).
   */
  private static Properties credentialInBlobStore(String flinkJob) throws Exception {
    // <tmp>/jm_<id>/blobStorage/job_<flink job>/blob_p-<digest>-<n> (tm_ for task managers)
    List<Path> blobs = new ArrayList<>();
    try (DirectoryStream<Path> workingDirs =
        Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "{jm,tm}_*")) {
      for (Path workingDir : workingDirs) {
        Path jobBlobs = workingDir.resolve("blobStorage").resolve("job_" + flinkJob);
        if (Files.isDirectory(jobBlobs)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(jobBlobs, "blob_p-*")) {
            files.forEach(blobs::add);
          }
        }
      }
    }
    assertThat(blobs).as("blobs of Flink job " + flinkJob).isNotEmpty();
    for (Path blob : blobs) {
      try (ZipFile jar = new ZipFile(blob.toFile())) {
        ZipEntry entry = jar.getEntry("META-INF/sluice/job-credential.properties");
        if (entry != null) {
          Properties p = new Properties();
          try (InputStream in = jar.getInputStream(entry)) {
            p.load(in);
          }
          return p;
        }
      } catch (ZipException notAJar) {
        // another kind of blob
      }
    }
    throw new AssertionError("No credential among the blobs " + blobs);
  }

  private static void assertRefused(Http.Response response, String detail) {
    assertThat(response.status()).as(response.raw()).isEqualTo(403);
    assertThat(response.body().path("title").asText()).isEqualTo("Forbidden");
    assertThat(response.body().path("detail").asText()).isEqualTo(detail);
    assertThat(response.raw()).doesNotContain("\"key\"");
  }

  @Test
  void anUnknownKeyReferenceIsRefusedBeforeAnythingRuns() {
    long id =
        jobs.create(
            "encrypt_unknown_key",
            """
            CREATE TABLE g (s STRING) WITH ('connector' = 'datagen');
            CREATE TABLE out1 (s STRING) WITH ('connector' = 'blackhole');
            INSERT INTO out1 SELECT ENCRYPT(s, 'no_such_key') FROM g;
            """);
    Http.Response r = http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "none"));
    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.body().path("detail").asText())
        .isEqualTo(
            "The script names keys the secret store does not have: [no_such_key] (create them"
                + " with POST /api/v1/secrets)");
    JsonNode flinkJob = jobs.get(id).path("flinkJobId");
    assertThat(flinkJob.isNull() || flinkJob.isMissingNode()).as("nothing submitted").isTrue();
  }
}
