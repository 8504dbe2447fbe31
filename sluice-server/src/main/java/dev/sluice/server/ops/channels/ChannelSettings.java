package dev.sluice.server.ops.channels;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a channel needs to send, as the API takes and shows it. Credentials are {@code
 * ${secret:name}} references, resolved only when a notification is sent.
 *
 * @param url the webhook or robot URL (HTTP types); its token part a reference
 * @param headers extra HTTP headers of a webhook; credentials among them as references
 * @param secret a robot's signing secret, a reference (DingTalk, Feishu)
 * @param format the robot's message type: DingTalk {@code markdown} (default) or {@code text};
 *     Feishu {@code text} (default) or {@code interactive}; WeCom {@code markdown} (default) or
 *     {@code text}
 * @param host the SMTP server (email)
 * @param port its port (default 587 with STARTTLS, else 25)
 * @param from the sender address
 * @param to the recipients
 * @param username the SMTP login, if the server wants one
 * @param password the SMTP password, a reference
 * @param starttls whether to upgrade the connection with STARTTLS (default true) and require it
 */
public record ChannelSettings(
    String url,
    Map<String, String> headers,
    String secret,
    String format,
    String host,
    Integer port,
    String from,
    List<String> to,
    String username,
    String password,
    Boolean starttls) {
  public ChannelSettings {
    headers = headers == null ? Map.of() : new TreeMap<>(headers);
    to = to == null ? List.of() : List.copyOf(to);
  }

  /** Every text of the settings a secret reference may stand in, by the field it is in. */
  Map<String, String> texts() {
    Map<String, String> out = new TreeMap<>();
    put(out, "url", url);
    headers.forEach((k, v) -> put(out, "headers." + k, v));
    put(out, "secret", secret);
    put(out, "host", host);
    put(out, "from", from);
    for (int i = 0; i < to.size(); i++) {
      put(out, "to[" + i + "]", to.get(i));
    }
    put(out, "username", username);
    put(out, "password", password);
    return out;
  }

  private static void put(Map<String, String> out, String field, String value) {
    if (value != null) {
      out.put(field, value);
    }
  }

  public boolean startTls() {
    return starttls == null || starttls;
  }

  public int smtpPort() {
    return port != null ? port : startTls() ? 587 : 25;
  }
}
