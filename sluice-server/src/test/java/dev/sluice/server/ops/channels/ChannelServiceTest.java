package dev.sluice.server.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a channel may hold: the fields of its type, and credentials only by reference. */
class ChannelServiceTest {
  private static final String STORE_IT =
      " is a credential: store it as a secret of the channel's project (POST /api/v1/secrets"
          + " {\"name\": \"...\", \"value\": \"...\"}) and write ${secret:name} in its place";

  private final ChannelsFixture f = new ChannelsFixture("h2");

  {
    f.secrets
        .put("demo", "ding_token", "d1ng")
        .put("demo", "ding_sign", "SECs1gn")
        .put("demo", "smtp_password", "p4ss")
        .put("other", "foreign", "f0reign");
  }

  private static ChannelSettings url(String url) {
    return ChannelsFixture.webhook(url);
  }

  private static ChannelSettings robot(String url, String secret) {
    return new ChannelSettings(url, null, secret, null, null, null, null, null, null, null, null);
  }

  private static ChannelSettings mail(String password) {
    return new ChannelSettings(
        null,
        null,
        null,
        null,
        "smtp.example.com",
        null,
        "sluice@example.com",
        List.of("ops@example.com"),
        "sluice",
        password,
        null);
  }

  private void refused(ChannelType type, ChannelSettings s, String field, String message) {
    assertThatThrownBy(() -> f.service.create("ch", "demo", type, s, null, "ana"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(field + ": " + message)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo(field);
    assertThat(f.channels.exists("ch")).isFalse();
  }

  @Test
  void aCredentialWrittenLiterallyIsRefusedWithWhereToPutIt() {
    refused(
        ChannelType.DINGTALK,
        robot("https://oapi.dingtalk.com/robot/send?access_token=abc123", null),
        "url",
        "the access_token parameter of the URL" + STORE_IT);
    refused(
        ChannelType.WECOM,
        robot("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx", null),
        "url",
        "the key parameter of the URL" + STORE_IT);
    refused(
        ChannelType.FEISHU,
        robot("https://open.feishu.cn/open-apis/bot/v2/hook/2d5d5c3a-0000", null),
        "url",
        "the token at the end of a Feishu/Lark hook URL (/bot/v2/hook/<token>)" + STORE_IT);
    refused(
        ChannelType.WEBHOOK,
        url("https://hooks.example.com/in?team=ops&token=s3cr3t"),
        "url",
        "the token parameter of the URL" + STORE_IT);
    refused(
        ChannelType.WEBHOOK,
        url("https://bot:s3cr3t@hooks.example.com/in"),
        "url",
        "the password in the URL" + STORE_IT);
    refused(
        ChannelType.WEBHOOK,
        new ChannelSettings(
            "https://hooks.example.com/in",
            Map.of("Authorization", "Bearer s3cr3t"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        "headers.Authorization",
        "the value of header Authorization" + STORE_IT);
    refused(
        ChannelType.DINGTALK,
        robot("https://oapi.dingtalk.com/robot/send?access_token=${secret:ding_token}", "SECs1gn"),
        "secret",
        "the robot's signing secret" + STORE_IT);
    refused(ChannelType.EMAIL, mail("p4ss"), "password", "the SMTP password" + STORE_IT);
  }

  @Test
  void aReferenceMustNameASecretOfTheChannelsProject() {
    String message =
        "secret '%s' does not exist in project 'demo': a channel uses only secrets of its own"
            + " project (POST /api/v1/secrets)";
    refused(
        ChannelType.DINGTALK,
        robot("https://oapi.dingtalk.com/robot/send?access_token=${secret:foreign}", null),
        "url",
        message.formatted("foreign"));
    refused(ChannelType.EMAIL, mail("${secret:nowhere}"), "password", message.formatted("nowhere"));
  }

  @Test
  void eachTypeNeedsItsFields() {
    refused(ChannelType.WEBHOOK, url(null), "url", "required: where a webhook channel posts");
    refused(
        ChannelType.WEBHOOK,
        url("ftp://files.example.com/in"),
        "url",
        "an http:// or https:// URL with a host is needed");
    refused(
        ChannelType.DINGTALK,
        robot("https://oapi.dingtalk.com/robot/send", null),
        "url",
        "a DingTalk robot URL ends in ?access_token=${secret:name}: the robot's token as a secret"
            + " reference");
    refused(
        ChannelType.WEBHOOK,
        robot("https://hooks.example.com/in", "${secret:ding_sign}"),
        "secret",
        "only dingtalk and feishu robots sign their messages with a secret");
    refused(
        ChannelType.EMAIL,
        new ChannelSettings(
            null,
            null,
            null,
            null,
            "smtp.example.com",
            null,
            "sluice@example.com",
            List.of(),
            null,
            null,
            null),
        "to",
        "required: at least one recipient address");
    refused(
        ChannelType.EMAIL,
        new ChannelSettings(
            null,
            null,
            null,
            null,
            "smtp.example.com",
            null,
            "sluice@example.com",
            List.of("ops@example.com", "nobody"),
            null,
            null,
            null),
        "to[1]",
        "not an address: nobody");
    refused(
        ChannelType.DINGTALK,
        new ChannelSettings(
            "https://oapi.dingtalk.com/robot/send?access_token=${secret:ding_token}",
            null,
            null,
            "card",
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        "format",
        "a dingtalk channel's format is one of markdown, text");
    assertThatThrownBy(() -> ChannelType.parse("slack"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(
            "type: 'slack' is not one of webhook, email, dingtalk, feishu, wecom (lark is feishu)");
    assertThat(ChannelType.parse("lark")).isEqualTo(ChannelType.FEISHU);
    assertThatThrownBy(
            () ->
                f.service.create(
                    "no spaces", "demo", ChannelType.WEBHOOK, url("http://a/"), null, "ana"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(
            "name: a channel name is 1-128 letters, digits, '_', '.' or '-' (got: no spaces)");
  }

  @Test
  void aChannelIsShownAsGivenAndItsNameIsUnique() {
    ChannelSettings ding =
        robot(
            "https://oapi.dingtalk.com/robot/send?access_token=${secret:ding_token}",
            "${secret:ding_sign}");
    Channel created = f.service.create("ops-ding", "demo", ChannelType.DINGTALK, ding, null, "ana");

    assertThat(created.settings()).isEqualTo(ding);
    assertThat(created.recipient())
        .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=${secret:ding_token}");
    assertThat(created.author()).isEqualTo("ana");
    assertThatThrownBy(
            () ->
                f.service.create(
                    "ops-ding", "demo", ChannelType.WEBHOOK, url("http://a/"), null, "bo"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("A channel named 'ops-ding' already exists");

    Channel mail =
        f.service.update(
            "ops-ding", ChannelType.EMAIL, mail("${secret:smtp_password}"), null, "bo");
    assertThat(mail.type()).isEqualTo(ChannelType.EMAIL);
    assertThat(mail.recipient()).isEqualTo("ops@example.com via smtp.example.com:587");
    assertThat(mail.author()).isEqualTo("bo");

    f.service.delete("ops-ding");
    assertThatThrownBy(() -> f.service.get("ops-ding"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Channel 'ops-ding' does not exist");
  }
}
