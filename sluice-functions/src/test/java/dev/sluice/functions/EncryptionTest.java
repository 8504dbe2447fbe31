package dev.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EncryptionTest {
  static final Map<String, Keys.Key> STORE =
      Map.of(
          "aes",
              new Keys.Key(
                  "AES-256",
                  HexFormat.of()
                      .parseHex(
                          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")),
          "aes128",
              new Keys.Key("AES-128", HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f")),
          "sm4", new Keys.Key("SM4", HexFormat.of().parseHex("0123456789abcdeffedcba9876543210")),
          "other", new Keys.Key("AES-256", new byte[32]));

  Encryption.Encrypt encrypt = new Encryption.Encrypt();
  Encryption.Decrypt decrypt = new Encryption.Decrypt();

  @BeforeEach
  void keys() {
    Keys.resolver =
        name -> {
          Keys.Key k = STORE.get(name);
          if (k == null) {
            throw new IllegalStateException("no key " + name);
          }
          return k;
        };
    encrypt.open(null);
    decrypt.open(null);
  }

  @AfterEach
  void reset() {
    Keys.resolver = null;
  }

  @Test
  void roundTripsWithEveryCipherAndNeverRepeatsACiphertext() {
    for (String key : new String[] {"aes", "aes128", "sm4"}) {
      String a = encrypt.eval("13800138000", key);
      String b = encrypt.eval("13800138000", key);
      assertThat(a).isNotEqualTo(b); // random IV
      assertThat(decrypt.eval(a, key)).isEqualTo("13800138000");
      assertThat(decrypt.eval(encrypt.eval("", key), key)).isEmpty();
    }
    assertThat(encrypt.eval(null, "aes")).isNull();
    assertThat(decrypt.eval(null, "aes")).isNull();
  }

  @Test
  void aesOutputIsStandardGcmThatTheJdkDecrypts() throws Exception {
    byte[] message = Base64.getDecoder().decode(encrypt.eval("payer-42", "aes"));
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(STORE.get("aes").material(), "AES"),
        new GCMParameterSpec(128, message, 0, 12));
    assertThat(new String(c.doFinal(message, 12, message.length - 12), StandardCharsets.UTF_8))
        .isEqualTo("payer-42");
  }

  @Test
  void aWrongKeyOrAnAlteredValueIsAnErrorNotGarbage() {
    String sealed = encrypt.eval("6222020000000000", "sm4");
    assertThatThrownBy(() -> decrypt.eval(sealed, "other"))
        .hasMessageContaining("does not decrypt");
    byte[] bytes = Base64.getDecoder().decode(sealed);
    bytes[bytes.length - 1] ^= 1;
    String altered = Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> decrypt.eval(altered, "sm4")).hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> decrypt.eval("not base64!", "sm4")).hasMessageContaining("not base64");
    assertThatThrownBy(() -> encrypt.eval("x", "missing")).hasMessageContaining("no key missing");
  }
}
