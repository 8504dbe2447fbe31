package dev.sluice.server.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.fakes.MapChannelSecrets;
import dev.sluice.server.fakes.MutableClock;
import dev.sluice.server.ops.alerts.AlertNotification;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What each channel type puts on the wire, checked at a real local HTTP receiver. */
class ChannelSenderTest {
  static final AlertNotification FIRING =
      new AlertNotification(
          "firing",
          42,
          "slow-input",
          "P1",
          "demo",
          "demo_payment_totals",
          "Source: payments",
          0.0,
          Instant.parse("2026-11-24T09:59:40Z"),
          null,
          "input_rate 0 < 1000 for 20s");
  static final AlertNotification RESOLVED =
      new AlertNotification(
          "resolved",
          42,
          "slow-input",
          "P1",
          "demo",
          "demo_payment_totals",
          null,
          1250.5,
          Instant.parse("2026-11-24T09:59:40Z"),
          Instant.parse("2026-11-24T10:05:00Z"),
          "input_rate 1250.5 < 1000 no longer holds");
  private static final String TEXT =
      "[FIRING P1] slow-input on demo_payment_totals\n"
          + "input_rate 0 < 1000 for 20s\n"
          + "Project: demo\n"
          + "Vertex: Source: payments\n"
          + "Value: 0\n"
          + "Since: 2026-11-24T09:59:40Z\n"
          + "Alert: 42\n";

  private final JsonMapper json = JsonMapper.builder().build();
  private final MutableClock clock = new MutableClock();
  private final MapChannelSecrets secrets =
      new MapChannelSecrets()
          .put("demo", "ding_token", "d1ngt0ken")
          .put("demo", "ding_sign", "SECd1ngs1gn")
          .put("demo", "feishu_hook", "f31shu-h00k")
          .put("demo", "feishu_sign", "f31shus1gn")
          .put("demo", "wecom_key", "w3c0m-k3y")
          .put("demo", "hook_auth", "Bearer h00k-t0ken")
          .put("other", "elsewhere", "n0t-h3re");
  private final ChannelSender sender =
      new ChannelSender(secrets, clock, json, ChannelsProperties.defaults());
  private final Receiver receiver = new Receiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static Channel channel(ChannelType type, ChannelSettings settings) {
    OffsetDateTime t = OffsetDateTime.parse("2026-11-24T09:00:00Z");
    return new Channel("ops", "demo", type, settings, "ana", t, t);
  }

  private static ChannelSettings http(String url, String secret, String format) {
    return new ChannelSettings(url, null, secret, format, null, null, null, null, null, null, null);
  }

  private JsonNode body(Receiver.Request r) {
    return json.readTree(r.body());
  }

  private JsonNode tree(Object value) {
    return json.valueToTree(value);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static String hmacBase64(byte[] key, byte[] message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(message));
  }

  @Test
  void aWebhookGetsTheNotificationAsJsonWithItsHeaders() {
    ChannelSettings settings =
        new ChannelSettings(
            receiver.url("/hook"),
            Map.of("Authorization", "${secret:hook_auth}", "X-Team", "payments"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    SendOutcome outcome = sender.send(channel(ChannelType.WEBHOOK, settings), FIRING);

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered("HTTP 200"));
    Receiver.Request r = receiver.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hook");
    assertThat(r.headers())
        .containsEntry("Authorization", "Bearer h00k-t0ken")
        .containsEntry("X-Team", "payments")
        .containsEntry("Content-Type", "application/json; charset=utf-8");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("status", "firing");
    expected.put("alertId", 42);
    expected.put("rule", "slow-input");
    expected.put("severity", "P1");
    expected.put("project", "demo");
    expected.put("job", "demo_payment_totals");
    expected.put("vertex", "Source: payments");
    expected.put("value", 0.0);
    expected.put("since", "2026-11-24T09:59:40Z");
    expected.put("endedAt", null);
    expected.put("summary", "input_rate 0 < 1000 for 20s");
    assertThat(body(r)).isEqualTo(tree(expected));
    assertThat(List.copyOf(body(r).propertyNames())).containsExactlyElementsOf(expected.keySet());
  }

  @Test
  void aResolvedWebhookSaysWhenItEnded() {
    sender.send(channel(ChannelType.WEBHOOK, http(receiver.url("/hook"), null, null)), RESOLVED);
    JsonNode body = body(receiver.requests().get(0));
    assertThat(body.get("status").asString()).isEqualTo("resolved");
    assertThat(body.get("endedAt").asString()).isEqualTo("2026-11-24T10:05:00Z");
    assertThat(body.get("value").asDouble()).isEqualTo(1250.5);
    assertThat(body.get("vertex").isNull()).isTrue();
  }

  @Test
  void aSignedDingTalkRobotGetsMarkdownAndAValidSignatureInTheUrl() throws Exception {
    Channel ding =
        channel(
            ChannelType.DINGTALK,
            http(
                receiver.url("/robot/send?access_token=${secret:ding_token}"),
                "${secret:ding_sign}",
                null));

    SendOutcome outcome = sender.send(ding, FIRING);

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered("HTTP 200, errcode 0"));
    Receiver.Request r = receiver.requests().get(0);
    assertThat(r.path()).isEqualTo("/robot/send");
    Map<String, String> q = query(r.query());
    assertThat(q.keySet()).containsExactly("access_token", "timestamp", "sign");
    assertThat(q.get("access_token")).isEqualTo("d1ngt0ken");
    long timestamp = clock.millis();
    assertThat(q.get("timestamp")).isEqualTo(Long.toString(timestamp));
    // DingTalk: HmacSHA256 keyed with the secret over timestamp + "\n" + secret, base64,
    // URL-encoded.
    String expected =
        hmacBase64(
            "SECd1ngs1gn".getBytes(StandardCharsets.UTF_8),
            (timestamp + "\nSECd1ngs1gn").getBytes(StandardCharsets.UTF_8));
    assertThat(URLDecoder.decode(q.get("sign"), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(body(r))
        .isEqualTo(
            tree(
                Map.of(
                    "msgtype",
                    "markdown",
                    "markdown",
                    Map.of(
                        "title",
                        "[FIRING P1] slow-input on demo_payment_totals",
                        "text",
                        "### [FIRING P1] slow-input on demo_payment_totals\n\n"
                            + "input_rate 0 < 1000 for 20s\n\n"
                            + "- Project: demo\n"
                            + "- Vertex: Source: payments\n"
                            + "- Value: 0\n"
                            + "- Since: 2026-11-24T09:59:40Z\n"
                            + "- Alert: 42\n"))));
  }

  @Test
  void anUnsignedDingTalkRobotGetsTextWhenAskedAndItsRefusalIsAFailure() {
    receiver.answer(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
    Channel ding =
        channel(
            ChannelType.DINGTALK,
            http(receiver.url("/robot/send?access_token=${secret:ding_token}"), null, "text"));

    SendOutcome outcome = sender.send(ding, FIRING);

    assertThat(outcome)
        .isEqualTo(
            new SendOutcome.Failed(
                "HTTP 200: {\"errcode\":300001,\"errmsg\":\"token is not exist\"}", true));
    Receiver.Request r = receiver.requests().get(0);
    assertThat(r.query()).isEqualTo("access_token=d1ngt0ken");
    assertThat(body(r)).isEqualTo(tree(Map.of("msgtype", "text", "text", Map.of("content", TEXT))));
  }

  @Test
  void aSignedFeishuBotGetsTimestampAndSignInTheBody() throws Exception {
    receiver.otherwise(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}");
    Channel feishu =
        channel(
            ChannelType.FEISHU,
            http(
                receiver.url("/open-apis/bot/v2/hook/${secret:feishu_hook}"),
                "${secret:feishu_sign}",
                null));

    SendOutcome outcome = sender.send(feishu, FIRING);

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered("HTTP 200, code 0"));
    Receiver.Request r = receiver.requests().get(0);
    assertThat(r.path()).isEqualTo("/open-apis/bot/v2/hook/f31shu-h00k");
    assertThat(r.query()).isNull();
    long seconds = clock.instant().getEpochSecond();
    // Feishu: timestamp + "\n" + secret is the HmacSHA256 key, over an empty message, base64.
    String sign =
        hmacBase64((seconds + "\nf31shus1gn").getBytes(StandardCharsets.UTF_8), new byte[0]);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("timestamp", Long.toString(seconds));
    expected.put("sign", sign);
    expected.put("msg_type", "text");
    expected.put("content", Map.of("text", TEXT));
    assertThat(body(r)).isEqualTo(tree(expected));
  }

  @Test
  void aFeishuCardIsRedWhileFiringAndGreenWhenResolved() {
    Channel feishu =
        channel(
            ChannelType.FEISHU,
            http(
                receiver.url("/open-apis/bot/v2/hook/${secret:feishu_hook}"), null, "interactive"));

    sender.send(feishu, RESOLVED);

    JsonNode body = body(receiver.requests().get(0));
    assertThat(body)
        .isEqualTo(
            tree(
                Map.of(
                    "msg_type",
                    "interactive",
                    "card",
                    Map.of(
                        "header",
                        Map.of(
                            "title",
                            Map.of(
                                "tag",
                                "plain_text",
                                "content",
                                "[RESOLVED P1] slow-input on demo_payment_totals"),
                            "template",
                            "green"),
                        "elements",
                        List.of(
                            Map.of(
                                "tag",
                                "div",
                                "text",
                                Map.of(
                                    "tag",
                                    "lark_md",
                                    "content",
                                    "input_rate 1250.5 < 1000 no longer holds\n"
                                        + "Project: demo\n"
                                        + "Value: 1250.5\n"
                                        + "Since: 2026-11-24T09:59:40Z\n"
                                        + "Ended: 2026-11-24T10:05:00Z\n"
                                        + "Alert: 42")))))));
  }

  @Test
  void aWeComRobotGetsMarkdownWithItsKeyInTheUrl() {
    Channel wecom =
        channel(
            ChannelType.WECOM,
            http(receiver.url("/cgi-bin/webhook/send?key=${secret:wecom_key}"), null, null));

    SendOutcome outcome = sender.send(wecom, FIRING);

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered("HTTP 200, errcode 0"));
    Receiver.Request r = receiver.requests().get(0);
    assertThat(r.path()).isEqualTo("/cgi-bin/webhook/send");
    assertThat(r.query()).isEqualTo("key=w3c0m-k3y");
    assertThat(body(r))
        .isEqualTo(
            tree(
                Map.of(
                    "msgtype",
                    "markdown",
                    "markdown",
                    Map.of(
                        "content",
                        "### <font color=\"warning\">[FIRING P1] slow-input on"
                            + " demo_payment_totals</font>\n"
                            + "input_rate 0 < 1000 for 20s\n"
                            + "> Project: demo\n"
                            + "> Vertex: Source: payments\n"
                            + "> Value: 0\n"
                            + "> Since: 2026-11-24T09:59:40Z\n"
                            + "> Alert: 42\n"))));
  }

  @Test
  void whatIsRecordedOfAFailureShowsReferencesNotSecretValues() {
    receiver.answer(500, "unknown robot d1ngt0ken");
    Channel ding =
        channel(
            ChannelType.DINGTALK,
            http(receiver.url("/robot/send?access_token=${secret:ding_token}"), null, null));

    SendOutcome outcome = sender.send(ding, FIRING);

    assertThat(outcome)
        .isEqualTo(new SendOutcome.Failed("HTTP 500: unknown robot ${secret:ding_token}", true));
  }

  @Test
  void aClientErrorIsNotRetriedAndNoReceiverIsATransportFailure() {
    receiver.answer(404, "");
    Channel hook = channel(ChannelType.WEBHOOK, http(receiver.url("/hook"), null, null));
    assertThat(sender.send(hook, FIRING)).isEqualTo(new SendOutcome.Failed("HTTP 404", false));

    receiver.close();
    SendOutcome none = sender.send(hook, FIRING);
    assertThat(none).isInstanceOf(SendOutcome.Failed.class);
    assertThat(((SendOutcome.Failed) none).retryable()).isTrue();
    assertThat(none.detail()).startsWith("ConnectException");
  }

  @Test
  void aSecretOfAnotherProjectIsNotUsed() {
    Channel hook =
        channel(
            ChannelType.WEBHOOK,
            new ChannelSettings(
                receiver.url("/hook"),
                Map.of("X-Token", "${secret:elsewhere}"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));

    assertThat(sender.send(hook, FIRING))
        .isEqualTo(
            new SendOutcome.Failed("secret 'elsewhere' does not exist in project 'demo'", true));
    assertThat(receiver.requests()).isEmpty();
  }
}
