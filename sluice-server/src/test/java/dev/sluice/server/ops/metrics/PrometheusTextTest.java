package dev.sluice.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void writesTheTextFormatWithEscapedLabels() {
    String text =
        new PrometheusText()
            .gauge("sluice_job_state", "Job state")
            .gauge("sluice_job_input_rate", "Records per second\nread")
            .sample("sluice_job_state", 0, "job", "orders", "project", "demo")
            .sample("sluice_job_input_rate", 12.5, "job", "say \"hi\" \\ bye", "project", "demo")
            .sample("sluice_job_state", 3, "job", "line\nbreak", "project", "p")
            .render();

    assertThat(text)
        .isEqualTo(
            """
            # HELP sluice_job_state Job state
            # TYPE sluice_job_state gauge
            sluice_job_state{job="orders",project="demo"} 0
            sluice_job_state{job="line\\nbreak",project="p"} 3
            # HELP sluice_job_input_rate Records per second\\nread
            # TYPE sluice_job_input_rate gauge
            sluice_job_input_rate{job="say \\"hi\\" \\\\ bye",project="demo"} 12.5
            """);
  }

  @Test
  void writesSpecialNumbersAsPrometheusDoes() {
    assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.number(1.5e20)).isEqualTo("1.5E20");
    assertThat(PrometheusText.number(112777216)).isEqualTo("112777216");
  }
}
