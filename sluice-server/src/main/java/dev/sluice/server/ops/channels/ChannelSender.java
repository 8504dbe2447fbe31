package dev.sluice.server.ops.channels;

import dev.sluice.server.ops.alerts.AlertNotification;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one notification through one channel, now, and says what became of it. Secret references
 * are resolved here, at send time, from the channel's project; every detail it returns has the
 * values replaced by their references again.
 */
@Component
public class ChannelSender {
  private static final int MAX_BODY = 300;
  private final ChannelSecrets secrets;
  private final Clock clock;
  private final JsonMapper json;
  private final ChannelsProperties properties;
  private final HttpClient http;

  public ChannelSender(
      ChannelSecrets secrets, Clock clock, JsonMapper json, ChannelsProperties properties) {
    this.secrets = secrets;
    this.clock = clock;
    this.json = json;
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public SendOutcome send(Channel channel, AlertNotification n) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String text : channel.settings().texts().values()) {
      for (String name : SecretRefs.names(text)) {
        Optional<String> value = secrets.value(name, channel.project());
        if (value.isEmpty()) {
          return new SendOutcome.Failed(
              "secret '" + name + "' does not exist in project '" + channel.project() + "'", true);
        }
        values.put(name, value.get());
      }
    }
    Redaction redaction = new Redaction(values);
    try {
      SendOutcome outcome =
          switch (channel.type()) {
            case WEBHOOK -> webhook(channel.settings(), n, values);
            case DINGTALK -> dingTalk(channel.settings(), n, values);
            case FEISHU -> feishu(channel.settings(), n, values);
            case WECOM -> weCom(channel.settings(), n, values);
            case EMAIL -> email(channel.settings(), n, values);
          };
      return redaction.apply(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendOutcome.Failed("interrupted while sending", true);
    } catch (Exception e) {
      return new SendOutcome.Failed(
          redaction.apply(e.getClass().getSimpleName() + ": " + e.getMessage()), true);
    }
  }

  private SendOutcome webhook(ChannelSettings s, AlertNotification n, Map<String, String> values)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    s.headers().forEach((k, v) -> headers.put(k, SecretRefs.resolve(v, values::get)));
    HttpResponse<String> response =
        post(SecretRefs.resolve(s.url(), values::get), Messages.webhook(n), headers);
    return byStatus(response);
  }

  private SendOutcome dingTalk(ChannelSettings s, AlertNotification n, Map<String, String> values)
      throws Exception {
    String url = SecretRefs.resolve(s.url(), values::get);
    if (s.secret() != null) {
      long timestamp = clock.millis();
      String sign = Signatures.dingTalk(timestamp, SecretRefs.resolve(s.secret(), values::get));
      url +=
          (url.contains("?") ? "&" : "?")
              + "timestamp="
              + timestamp
              + "&sign="
              + URLEncoder.encode(sign, StandardCharsets.UTF_8);
    }
    HttpResponse<String> response = post(url, Messages.dingTalk(n, s.format()), Map.of());
    // DingTalk answers 200 also when it refuses: {"errcode":310000,"errmsg":"sign not match"}.
    return byCode(response, "errcode");
  }

  private SendOutcome feishu(ChannelSettings s, AlertNotification n, Map<String, String> values)
      throws Exception {
    String timestamp = null;
    String sign = null;
    if (s.secret() != null) {
      long seconds = clock.instant().getEpochSecond();
      timestamp = Long.toString(seconds);
      sign = Signatures.feishu(seconds, SecretRefs.resolve(s.secret(), values::get));
    }
    HttpResponse<String> response =
        post(
            SecretRefs.resolve(s.url(), values::get),
            Messages.feishu(n, s.format(), timestamp, sign),
            Map.of());
    // Feishu answers {"code":0,"msg":"success"}, older versions {"StatusCode":0,...}.
    return byCode(response, "code", "StatusCode");
  }

  private SendOutcome weCom(ChannelSettings s, AlertNotification n, Map<String, String> values)
      throws Exception {
    HttpResponse<String> response =
        post(SecretRefs.resolve(s.url(), values::get), Messages.weCom(n, s.format()), Map.of());
    return byCode(response, "errcode");
  }

  private SendOutcome email(ChannelSettings s, AlertNotification n, Map<String, String> values) {
    JavaMailSenderImpl mail = new JavaMailSenderImpl();
    mail.setHost(SecretRefs.resolve(s.host(), values::get));
    mail.setPort(s.smtpPort());
    mail.setDefaultEncoding("UTF-8");
    Properties p = new Properties();
    long timeout = properties.timeout().toMillis();
    p.put("mail.smtp.connectiontimeout", Long.toString(timeout));
    p.put("mail.smtp.timeout", Long.toString(timeout));
    p.put("mail.smtp.writetimeout", Long.toString(timeout));
    p.put("mail.smtp.starttls.enable", Boolean.toString(s.startTls()));
    p.put("mail.smtp.starttls.required", Boolean.toString(s.startTls()));
    if (s.username() != null) {
      mail.setUsername(SecretRefs.resolve(s.username(), values::get));
      mail.setPassword(SecretRefs.resolve(s.password(), values::get));
      p.put("mail.smtp.auth", "true");
    }
    mail.setJavaMailProperties(p);
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(SecretRefs.resolve(s.from(), values::get));
    message.setTo(
        s.to().stream().map(t -> SecretRefs.resolve(t, values::get)).toArray(String[]::new));
    message.setSubject(Messages.title(n));
    message.setText(Messages.mailBody(n));
    message.setSentDate(Date.from(clock.instant()));
    try {
      mail.send(message);
    } catch (MailException e) {
      Throwable cause = e.getMostSpecificCause();
      return new SendOutcome.Failed(
          "SMTP "
              + s.host()
              + ":"
              + s.smtpPort()
              + ": "
              + e.getMessage()
              + (cause != e ? " (" + cause.getMessage() + ")" : ""),
          true);
    }
    return new SendOutcome.Delivered("accepted by SMTP " + s.host() + ":" + s.smtpPort());
  }

  private HttpResponse<String> post(String url, Object body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(properties.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    json.writeValueAsString(body), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static SendOutcome byStatus(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new SendOutcome.Delivered("HTTP " + status);
    }
    return new SendOutcome.Failed(
        "HTTP " + status + bodyOf(response),
        status >= 500 || status == 408 || status == 429 || status < 200);
  }

  /** A robot's answer: HTTP 2xx and a zero code in its JSON (the first of the names present). */
  private SendOutcome byCode(HttpResponse<String> response, String... codeNames) {
    SendOutcome byStatus = byStatus(response);
    if (byStatus instanceof SendOutcome.Failed) {
      return byStatus;
    }
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (RuntimeException e) {
      return new SendOutcome.Failed(
          "HTTP " + response.statusCode() + ", not the robot's JSON answer" + bodyOf(response),
          true);
    }
    for (String name : codeNames) {
      JsonNode code = answer == null ? null : answer.get(name);
      if (code != null) {
        return code.asLong() == 0
            ? new SendOutcome.Delivered("HTTP " + response.statusCode() + ", " + name + " 0")
            : new SendOutcome.Failed("HTTP " + response.statusCode() + bodyOf(response), true);
      }
    }
    return new SendOutcome.Failed(
        "HTTP "
            + response.statusCode()
            + ", no "
            + codeNames[0]
            + " in the answer"
            + bodyOf(response),
        true);
  }

  private static String bodyOf(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return "";
    }
    body = body.strip();
    return ": " + (body.length() > MAX_BODY ? body.substring(0, MAX_BODY) + "..." : body);
  }

  /** Takes the resolved values out of what is recorded, as given and URL-encoded. */
  private record Redaction(Map<String, String> values) {
    String apply(String text) {
      if (text == null) {
        return null;
      }
      String out = text;
      var longestFirst =
          values.entrySet().stream()
              .sorted((a, b) -> b.getValue().length() - a.getValue().length())
              .toList();
      for (Map.Entry<String, String> e : longestFirst) {
        String reference = "${secret:" + e.getKey() + "}";
        out = out.replace(e.getValue(), reference);
        out = out.replace(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8), reference);
      }
      return out;
    }

    SendOutcome apply(SendOutcome outcome) {
      if (outcome instanceof SendOutcome.Failed f) {
        return new SendOutcome.Failed(apply(f.detail()), f.retryable());
      }
      return new SendOutcome.Delivered(apply(outcome.detail()));
    }
  }
}
