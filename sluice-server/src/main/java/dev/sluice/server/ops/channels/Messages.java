package dev.sluice.server.ops.channels;

import dev.sluice.server.ops.alerts.AlertNotification;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A notification in each channel's message format. */
final class Messages {
  private Messages() {}

  /** {@code [FIRING P1] slow-input on demo_payment_totals}: the mail subject and robot title. */
  static String title(AlertNotification n) {
    return "["
        + n.status().toUpperCase(Locale.ROOT)
        + (n.severity() == null ? "" : " " + n.severity())
        + "] "
        + n.rule()
        + " on "
        + n.job();
  }

  /** The facts after the title, one "Label: value" per line. */
  static List<String> facts(AlertNotification n) {
    List<String> lines = new ArrayList<>();
    lines.add("Project: " + n.project());
    if (n.vertex() != null) {
      lines.add("Vertex: " + n.vertex());
    }
    if (n.value() != null) {
      lines.add("Value: " + number(n.value()));
    }
    lines.add("Since: " + n.since());
    if (n.endedAt() != null) {
      lines.add("Ended: " + n.endedAt());
    }
    lines.add("Alert: " + n.alertId());
    return lines;
  }

  /** The plain text of a notification: title, summary, facts. */
  static String text(AlertNotification n) {
    StringBuilder out = new StringBuilder(title(n)).append('\n');
    if (n.summary() != null) {
      out.append(n.summary()).append('\n');
    }
    for (String line : facts(n)) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /** The body of a mail: a sentence, then the facts. */
  static String mailBody(AlertNotification n) {
    StringBuilder out = new StringBuilder();
    out.append("Rule ")
        .append(n.rule())
        .append(n.status().equals("resolved") ? " has resolved on job " : " is firing on job ")
        .append(n.job())
        .append(".\n\n");
    if (n.summary() != null) {
      out.append(n.summary()).append("\n\n");
    }
    out.append("Severity: ").append(n.severity()).append('\n');
    for (String line : facts(n)) {
      out.append(line).append('\n');
    }
    // No newline at the end: SMTP's end of data takes the last one.
    out.append("\n-- \nSluice");
    return out.toString();
  }

  /** What a webhook receives: the notification's fields by name, {@code null} where absent. */
  static Map<String, Object> webhook(AlertNotification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", n.status());
    body.put("alertId", n.alertId());
    body.put("rule", n.rule());
    body.put("severity", n.severity());
    body.put("project", n.project());
    body.put("job", n.job());
    body.put("vertex", n.vertex());
    body.put("value", n.value());
    body.put("since", n.since() == null ? null : n.since().toString());
    body.put("endedAt", n.endedAt() == null ? null : n.endedAt().toString());
    body.put("summary", n.summary());
    return body;
  }

  /**
   * DingTalk custom robot, message types text and markdown
   * (https://open.dingtalk.com/document/robots/custom-robot-access): {@code
   * {"msgtype":"markdown","markdown":{"title":...,"text":...}}} or {@code
   * {"msgtype":"text","text":{"content":...}}}.
   */
  static Map<String, Object> dingTalk(AlertNotification n, String format) {
    if ("text".equals(format)) {
      return Map.of("msgtype", "text", "text", Map.of("content", text(n)));
    }
    StringBuilder md = new StringBuilder("### ").append(title(n)).append("\n\n");
    if (n.summary() != null) {
      md.append(n.summary()).append("\n\n");
    }
    for (String line : facts(n)) {
      md.append("- ").append(line).append('\n');
    }
    return Map.of(
        "msgtype", "markdown", "markdown", Map.of("title", title(n), "text", md.toString()));
  }

  /**
   * Feishu/Lark custom bot (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
   * {@code {"msg_type":"text","content":{"text":...}}}, or a message card {@code
   * {"msg_type":"interactive","card":{"header":{...},"elements":[...]}}}; signed ones carry {@code
   * "timestamp"} and {@code "sign"} first.
   */
  static Map<String, Object> feishu(
      AlertNotification n, String format, String timestamp, String sign) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (sign != null) {
      body.put("timestamp", timestamp);
      body.put("sign", sign);
    }
    if ("interactive".equals(format)) {
      StringBuilder md = new StringBuilder();
      if (n.summary() != null) {
        md.append(n.summary()).append('\n');
      }
      md.append(String.join("\n", facts(n)));
      body.put("msg_type", "interactive");
      body.put(
          "card",
          Map.of(
              "header",
              Map.of(
                  "title",
                  Map.of("tag", "plain_text", "content", title(n)),
                  "template",
                  n.status().equals("resolved") ? "green" : "red"),
              "elements",
              List.of(
                  Map.of(
                      "tag", "div", "text", Map.of("tag", "lark_md", "content", md.toString())))));
    } else {
      body.put("msg_type", "text");
      body.put("content", Map.of("text", text(n)));
    }
    return body;
  }

  /**
   * WeCom group robot (https://developer.work.weixin.qq.com/document/path/91770): {@code
   * {"msgtype":"markdown","markdown":{"content":...}}} or {@code
   * {"msgtype":"text","text":{"content":...}}}; the markdown subset has font colours info, comment
   * and warning.
   */
  static Map<String, Object> weCom(AlertNotification n, String format) {
    if ("text".equals(format)) {
      return Map.of("msgtype", "text", "text", Map.of("content", text(n)));
    }
    String color = n.status().equals("resolved") ? "info" : "warning";
    StringBuilder md =
        new StringBuilder("### <font color=\"")
            .append(color)
            .append("\">")
            .append(title(n))
            .append("</font>\n");
    if (n.summary() != null) {
      md.append(n.summary()).append('\n');
    }
    for (String line : facts(n)) {
      md.append("> ").append(line).append('\n');
    }
    return Map.of("msgtype", "markdown", "markdown", Map.of("content", md.toString()));
  }

  /** 0 rather than 0.0, 1234.5 as written. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
