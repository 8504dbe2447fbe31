package dev.sluice.functions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * {@code ENCRYPT(value, 'key-name')} and {@code DECRYPT(value, 'key-name')}: authenticated
 * encryption (GCM, random 96-bit IV, 128-bit tag) with AES or SM4, the cipher being the key's. The
 * key is named, never given: it comes from the platform's secret store. The result is base64 of IV
 * + ciphertext + tag; a value that fails authentication decrypts to an error, never to garbage.
 * NULL stays NULL.
 */
public final class Encryption {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Encryption() {}

  static byte[] encrypt(Keys.Key key, byte[] plain) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] sealed = cipher(key, iv, plain, true);
    return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
  }

  static byte[] decrypt(Keys.Key key, byte[] message) {
    if (message.length < IV_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("Not a value ENCRYPT made: too short");
    }
    byte[] iv = java.util.Arrays.copyOf(message, IV_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(message, IV_BYTES, message.length);
    return cipher(key, iv, sealed, false);
  }

  private static byte[] cipher(Keys.Key key, byte[] iv, byte[] input, boolean encrypt) {
    try {
      if (key.algorithm().startsWith("SM4")) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key.material()), TAG_BITS, iv));
        byte[] out = new byte[gcm.getOutputSize(input.length)];
        int n = gcm.processBytes(input, 0, input.length, out, 0);
        n += gcm.doFinal(out, n);
        return java.util.Arrays.copyOf(out, n);
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
          new SecretKeySpec(key.material(), "AES"),
          new GCMParameterSpec(TAG_BITS, iv));
      return c.doFinal(input);
    } catch (GeneralSecurityException | InvalidCipherTextException e) {
      throw new IllegalArgumentException(
          encrypt
              ? "Encryption failed"
              : "The value does not decrypt with this key (wrong key, or altered)",
          e);
    }
  }

  /** ENCRYPT(value, key reference). */
  public static final class Encrypt extends ScalarFunction {
    private transient Keys keys;

    @Override
    public void open(FunctionContext context) {
      keys = new Keys(context);
    }

    public String eval(String value, String key) {
      if (value == null) {
        return null;
      }
      return Base64.getEncoder()
          .encodeToString(encrypt(keys.get(key), value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean isDeterministic() {
      return false; // a random IV per call
    }
  }

  /** DECRYPT(value, key reference). */
  public static final class Decrypt extends ScalarFunction {
    private transient Keys keys;

    @Override
    public void open(FunctionContext context) {
      keys = new Keys(context);
    }

    public String eval(String value, String key) {
      if (value == null) {
        return null;
      }
      byte[] message;
      try {
        message = Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Not a value ENCRYPT made: not base64");
      }
      return new String(decrypt(keys.get(key), message), StandardCharsets.UTF_8);
    }
  }
}
