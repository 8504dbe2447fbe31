package dev.sluice.server.ops.channels;

import dev.sluice.server.errors.InvalidFieldException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a channel before it is saved: the fields its type needs, and that no credential is written
 * in the clear. A URL, header, signing secret or password that carries a credential literally is
 * refused with a request to store it as a secret and reference it; so a channel never holds a
 * secret value and shows exactly what was given.
 */
final class ChannelValidator {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Set<String> CREDENTIAL_PARAMS =
      Set.of(
          "access_token",
          "token",
          "key",
          "secret",
          "sign",
          "signature",
          "sig",
          "password",
          "apikey",
          "api_key",
          "auth");
  private static final List<String> CREDENTIAL_HEADER_WORDS =
      List.of("authorization", "token", "key", "secret", "password", "auth", "cookie");
  private static final Map<ChannelType, List<String>> FORMATS =
      Map.of(
          ChannelType.DINGTALK, List.of("markdown", "text"),
          ChannelType.FEISHU, List.of("text", "interactive"),
          ChannelType.WECOM, List.of("markdown", "text"));

  private ChannelValidator() {}

  static String storeAsSecret(String what) {
    return what
        + " is a credential: store it as a secret of the channel's project (POST /api/v1/secrets"
        + " {\"name\": \"...\", \"value\": \"...\"}) and write ${secret:name} in its place";
  }

  static void validate(String name, ChannelType type, ChannelSettings s) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name", "a channel name is 1-128 letters, digits, '_', '.' or '-' (got: " + name + ")");
    }
    if (type.http()) {
      http(type, s);
    } else {
      email(s);
    }
    if (s.format() != null) {
      List<String> allowed = FORMATS.get(type);
      if (allowed == null || !allowed.contains(s.format())) {
        throw new InvalidFieldException(
            "format",
            allowed == null
                ? "a " + type.json() + " channel has no format"
                : "a " + type.json() + " channel's format is one of " + String.join(", ", allowed));
      }
    }
    if (s.secret() != null && type != ChannelType.DINGTALK && type != ChannelType.FEISHU) {
      throw new InvalidFieldException(
          "secret", "only dingtalk and feishu robots sign their messages with a secret");
    }
    if (s.secret() != null && !SecretRefs.isReference(s.secret())) {
      throw new InvalidFieldException("secret", storeAsSecret("the robot's signing secret"));
    }
  }

  private static void http(ChannelType type, ChannelSettings s) {
    String url = s.url();
    if (url == null || url.isBlank()) {
      throw new InvalidFieldException("url", "required: where a " + type.json() + " channel posts");
    }
    if (!s.headers().isEmpty() && type != ChannelType.WEBHOOK) {
      throw new InvalidFieldException("headers", "only a webhook takes extra headers");
    }
    for (Map.Entry<String, String> h : s.headers().entrySet()) {
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      if (CREDENTIAL_HEADER_WORDS.stream().anyMatch(lower::contains)
          && !SecretRefs.hasReference(h.getValue())) {
        throw new InvalidFieldException(
            "headers." + h.getKey(), storeAsSecret("the value of header " + h.getKey()));
      }
    }
    if (SecretRefs.isReference(url)) {
      return; // the whole URL is a secret: nothing of it to check here
    }
    URI uri;
    try {
      uri = new URI(SecretRefs.REFERENCE.matcher(url.trim()).replaceAll("secret"));
    } catch (URISyntaxException e) {
      throw new InvalidFieldException("url", "not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null
        || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null) {
      throw new InvalidFieldException("url", "an http:// or https:// URL with a host is needed");
    }
    String raw = url.trim();
    int at = raw.indexOf('@');
    int hostStart = raw.indexOf("//") + 2;
    int pathStart = raw.indexOf('/', hostStart);
    if (uri.getRawUserInfo() != null) {
      String userInfo = raw.substring(hostStart, at);
      if (userInfo.contains(":") && !SecretRefs.hasReference(userInfo)) {
        throw new InvalidFieldException("url", storeAsSecret("the password in the URL"));
      }
    }
    String query = raw.contains("?") ? raw.substring(raw.indexOf('?') + 1) : "";
    boolean tokenParam = false;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (CREDENTIAL_PARAMS.contains(key)) {
        if (!SecretRefs.isReference(value)) {
          throw new InvalidFieldException(
              "url", storeAsSecret("the " + key + " parameter of the URL"));
        }
        tokenParam = true;
      }
    }
    String path =
        pathStart < 0
            ? ""
            : raw.substring(pathStart, raw.indexOf('?') < 0 ? raw.length() : raw.indexOf('?'));
    switch (type) {
      case DINGTALK -> {
        if (!tokenParam) {
          throw new InvalidFieldException(
              "url",
              "a DingTalk robot URL ends in ?access_token=${secret:name}: the robot's token as a"
                  + " secret reference");
        }
      }
      case WECOM -> {
        if (!tokenParam) {
          throw new InvalidFieldException(
              "url",
              "a WeCom robot URL ends in ?key=${secret:name}: the robot's key as a secret"
                  + " reference");
        }
      }
      case FEISHU -> {
        // The hook's last path segment is its token.
        if (!SecretRefs.hasReference(path)) {
          throw new InvalidFieldException(
              "url",
              storeAsSecret(
                  "the token at the end of a Feishu/Lark hook URL (/bot/v2/hook/<token>)"));
        }
      }
      default -> {}
    }
  }

  private static void email(ChannelSettings s) {
    if (s.url() != null || !s.headers().isEmpty()) {
      throw new InvalidFieldException("url", "an email channel has no URL: give host, from and to");
    }
    if (s.host() == null || s.host().isBlank()) {
      throw new InvalidFieldException("host", "required: the SMTP server");
    }
    if (s.port() != null && (s.port() < 1 || s.port() > 65535)) {
      throw new InvalidFieldException("port", "a port is 1-65535 (got " + s.port() + ")");
    }
    if (s.from() == null || !EMAIL.matcher(s.from()).matches()) {
      throw new InvalidFieldException(
          "from", "required: the sender's address (got " + s.from() + ")");
    }
    if (s.to().isEmpty()) {
      throw new InvalidFieldException("to", "required: at least one recipient address");
    }
    for (int i = 0; i < s.to().size(); i++) {
      String to = s.to().get(i);
      if (to == null || !EMAIL.matcher(to).matches()) {
        throw new InvalidFieldException("to[" + i + "]", "not an address: " + to);
      }
    }
    if (s.password() != null && !SecretRefs.isReference(s.password())) {
      throw new InvalidFieldException("password", storeAsSecret("the SMTP password"));
    }
    if (s.password() != null && s.username() == null) {
      throw new InvalidFieldException("username", "required with a password");
    }
  }
}
