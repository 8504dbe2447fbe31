package dev.sluice.server.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sluice.server.fakes.MapChannelSecrets;
import dev.sluice.server.fakes.MutableClock;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Email through a real SMTP conversation with an embedded GreenMail server. */
class EmailChannelTest {
  private final MutableClock clock = new MutableClock();
  private final MapChannelSecrets secrets =
      new MapChannelSecrets().put("demo", "smtp_password", "m41l-p4ss");
  private final ChannelSender sender =
      new ChannelSender(
          secrets, clock, JsonMapper.builder().build(), ChannelsProperties.defaults());
  private GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.setUser("sluice@example.com", "sluice", "m41l-p4ss");
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private Channel mail(int port, String password) {
    OffsetDateTime t = OffsetDateTime.parse("2026-11-24T09:00:00Z");
    return new Channel(
        "ops-mail",
        "demo",
        ChannelType.EMAIL,
        new ChannelSettings(
            null,
            null,
            null,
            null,
            "127.0.0.1",
            port,
            "sluice@example.com",
            List.of("ops@example.com", "oncall@example.com"),
            "sluice",
            password,
            false),
        "ana",
        t,
        t);
  }

  @Test
  void theMailArrivesWithTheAlertInItsSubjectAndBody() throws Exception {
    int port = smtp.getSmtp().getPort();

    SendOutcome outcome =
        sender.send(mail(port, "${secret:smtp_password}"), ChannelSenderTest.FIRING);

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered("accepted by SMTP 127.0.0.1:" + port));
    assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[FIRING P1] slow-input on demo_payment_totals");
    assertThat(m.getFrom()).containsExactly(new InternetAddress("sluice@example.com"));
    assertThat(Arrays.asList(m.getRecipients(Message.RecipientType.TO)))
        .containsExactly(
            new InternetAddress("ops@example.com"), new InternetAddress("oncall@example.com"));
    assertThat(m.getSentDate().toInstant()).isEqualTo(clock.instant());
    assertThat(((String) m.getContent()).replace("\r\n", "\n"))
        .isEqualTo(
            "Rule slow-input is firing on job demo_payment_totals.\n"
                + "\n"
                + "input_rate 0 < 1000 for 20s\n"
                + "\n"
                + "Severity: P1\n"
                + "Project: demo\n"
                + "Vertex: Source: payments\n"
                + "Value: 0\n"
                + "Since: 2026-11-24T09:59:40Z\n"
                + "Alert: 42\n"
                + "\n"
                + "-- \n"
                + "Sluice");
  }

  @Test
  void aResolvedMailSaysSo() throws Exception {
    sender.send(
        mail(smtp.getSmtp().getPort(), "${secret:smtp_password}"), ChannelSenderTest.RESOLVED);
    assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[RESOLVED P1] slow-input on demo_payment_totals");
    assertThat(GreenMailUtil.getBody(m))
        .startsWith("Rule slow-input has resolved on job demo_payment_totals.")
        .contains("Ended: 2026-11-24T10:05:00Z");
  }

  @Test
  void aRefusedLoginIsAFailureThatShowsNoPassword() {
    secrets.put("demo", "wrong", "wr0ng-p4ss");
    SendOutcome outcome =
        sender.send(mail(smtp.getSmtp().getPort(), "${secret:wrong}"), ChannelSenderTest.FIRING);

    assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
    assertThat(outcome.detail())
        .startsWith("SMTP 127.0.0.1:" + smtp.getSmtp().getPort() + ": Authentication failed")
        .doesNotContain("wr0ng-p4ss");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
