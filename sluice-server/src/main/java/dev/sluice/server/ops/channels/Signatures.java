package dev.sluice.server.ops.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How the chat robots check that a message comes from whoever holds the signing secret. */
final class Signatures {
  private Signatures() {}

  /**
   * DingTalk's custom robot, security setting "加签"
   * (https://open.dingtalk.com/document/robots/customize-robot-security-settings): {@code timestamp
   * + "\n" + secret} signed with HmacSHA256 under the secret, base64. The caller URL-encodes it
   * into {@code &timestamp=...&sign=...}.
   *
   * @param timestampMillis milliseconds since the epoch (DingTalk refuses more than an hour off)
   */
  static String dingTalk(long timestampMillis, String secret) {
    return base64(
        hmac(
            secret.getBytes(StandardCharsets.UTF_8),
            (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Feishu/Lark's custom bot, "签名校验"
   * (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): {@code timestamp + "\n" +
   * secret} is the HmacSHA256 <em>key</em>, the message signed is empty; base64. Sent in the body
   * as {@code "timestamp"} and {@code "sign"}.
   *
   * @param timestampSeconds seconds since the epoch (Feishu refuses more than an hour off)
   */
  static String feishu(long timestampSeconds, String secret) {
    return base64(
        hmac((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
