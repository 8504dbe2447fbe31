package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ENCRYPT/DECRYPT with keys from the secret store, on the real cluster: the SQL names keys, the job
 * fetches them with its token, and the key material is nowhere in the job's configuration.
 */
@Order(13)
class EncryptionIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);

  @Test
  void columnsAreEncryptedWithNamedKeysThatNeverTravelWithTheJob() throws Exception {
    byte[] aes = new byte[32];
    for (int i = 0; i < aes.length; i++) {
      aes[i] = (byte) (i * 7 + 3);
    }
    String aesKey = Base64.getEncoder().encodeToString(aes);
    Http.Response created =
        http.post(
            "/api/v1/secrets", Map.of("name", "it_aes", "algorithm", "AES-256", "key", aesKey));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.raw()).doesNotContain(aesKey);
    assertThat(http.post("/api/v1/secrets", Map.of("name", "it_sm4", "algorithm", "SM4")).status())
        .isEqualTo(201);
    assertThat(
            http.post("/api/v1/secrets", Map.of("name", "it_aes", "algorithm", "AES-256")).status())
        .isEqualTo(409);
    assertThat(http.post("/api/v1/secrets", Map.of("name", "x", "algorithm", "DES")).status())
        .isEqualTo(400);
    assertThat(http.get("/api/v1/secrets").raw())
        .contains("it_aes", "it_sm4")
        .doesNotContain(aesKey);

    Path out = platform.dataDir.resolve("encrypted-output");
    String script =
        """
        CREATE TABLE people (id BIGINT, phone AS CAST(13800000000 + id AS STRING)) WITH (
          'connector' = 'datagen', 'number-of-rows' = '20', 'rows-per-second' = '100',
          'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '20');
        CREATE TABLE sealed (id BIGINT, phone STRING, sealed STRING, back STRING)
          WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
        INSERT INTO sealed
        SELECT id, phone, ENCRYPT(phone, 'it_aes'), DECRYPT(ENCRYPT(phone, 'it_sm4'), 'it_sm4') FROM people;
        """
            .formatted(out.toUri());
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
    assertThat(lines).hasSize(20);
    for (String line : lines) {
      String[] f = line.replace("\"", "").split(","); // the CSV writer quotes some base64
      assertThat(f[3]).isEqualTo(f[1]); // SM4 round trip
      byte[] message = Base64.getDecoder().decode(f[2]);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(aes, "AES"),
          new GCMParameterSpec(128, message, 0, 12));
      assertThat(new String(c.doFinal(message, 12, message.length - 12), StandardCharsets.UTF_8))
          .isEqualTo(f[1]);
    }

    // The job carries a token for its keys, never a key.
    String flinkJob = done.path("flinkJobId").asText();
    String config = new Http(platform.flinkUrl()).get("/jobs/" + flinkJob + "/config").raw();
    assertThat(config).contains("sluice.secrets.token").doesNotContain(aesKey);

    // Only the job's token fetches a key, and only a key its script names.
    assertThat(http.get("/api/v1/secrets/it_aes/material").status()).isEqualTo(403);
    assertThat(deployed.path("id").asLong()).isEqualTo(id);
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
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().path("detail").asText()).contains("no_such_key");
  }
}
