package dev.sluice.engine.flink.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.SubmitOutcome;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.client.JobSubmissionException;
import org.apache.flink.runtime.rest.ConnectionClosedException;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

/** How what Flink's client throws becomes one of the three ways a submission fails. */
class FlinkClusterClientTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";
  private final FlinkClusterClient client = new FlinkClusterClient("http://localhost:1");

  /** As RestClusterClient fails a submission: its cause wrapped twice. */
  private static Throwable submitFailed(Throwable cause) {
    return new ExecutionException(
        new CompletionException(
            new JobSubmissionException(
                JobID.fromHexString(ID), "Failed to submit JobGraph.", cause)));
  }

  private static String serverError(String trace) {
    return "[Internal server error., <Exception on server side:\n"
        + trace
        + "\n\tat org.apache.flink.runtime.dispatcher.Dispatcher.submitJob(Dispatcher.java:1)\n"
        + "\nEnd of exception on server side>]";
  }

  @Test
  void noConnectionMeansNotSent() {
    SubmitOutcome outcome =
        client.submitFailure(
            ID, submitFailed(new ConnectException("Connection refused: localhost/127.0.0.1:1")));

    assertThat(outcome)
        .isEqualTo(
            new SubmitOutcome.NotSent(
                ID,
                "the Flink cluster at http://localhost:1 cannot be reached: ConnectException:"
                    + " Connection refused: localhost/127.0.0.1:1"));
  }

  @Test
  void aConnectionThatClosedBeforeTheAnswerMeansUnknown() {
    SubmitOutcome outcome =
        client.submitFailure(
            ID, submitFailed(new ConnectionClosedException("Channel became inactive.")));

    assertThat(outcome)
        .isEqualTo(
            new SubmitOutcome.Unknown(
                ID,
                "the job graph was sent to http://localhost:1 but no answer came:"
                    + " ConnectionClosedException: Channel became inactive."));
  }

  @Test
  void anAnswerRefusingTheJobMeansRejectedWithTheServersReason() {
    SubmitOutcome outcome =
        client.submitFailure(
            ID,
            submitFailed(
                new RestClientException(
                    serverError(
                        "org.apache.flink.runtime.client.JobSubmissionException: Failed to submit"
                            + " job.\nCaused by: java.io.IOException: No space left on device"),
                    HttpResponseStatus.INTERNAL_SERVER_ERROR)));

    assertThat(outcome)
        .isEqualTo(
            new SubmitOutcome.Rejected(
                ID,
                "Flink at http://localhost:1 refused the job: IOException: No space left on"
                    + " device"));
  }

  @Test
  void aRepeatAnsweredAlreadySubmittedMeansAccepted() {
    SubmitOutcome outcome =
        client.submitFailure(
            ID,
            submitFailed(
                new RestClientException(
                    serverError(
                        "org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has"
                            + " already been submitted."),
                    HttpResponseStatus.INTERNAL_SERVER_ERROR)));

    assertThat(outcome).isEqualTo(new SubmitOutcome.Accepted(ID));
  }

  @Test
  void aSerializedThrowableIsReadAsWhatWasThrown() {
    Throwable shipped =
        new ExecutionException(new SerializedThrowable(new OutOfMemoryError("Java heap space")));

    assertThat(Failures.reason(shipped)).isEqualTo("OutOfMemoryError: Java heap space");
  }

  @Test
  void aJobsLatestFailureIsItsRootCauseAndTheTaskItHappenedIn() throws Exception {
    String exceptions =
        """
        {"root-exception": "ignored when the history has an entry",
         "exceptionHistory": {"entries": [{
           "exceptionName": "org.apache.flink.runtime.JobException",
           "stacktrace": "org.apache.flink.runtime.JobException: Recovery is suppressed\\n\\tat a.b(C.java:1)\\nCaused by: java.lang.OutOfMemoryError: Java heap space\\n\\tat d.e(F.java:2)\\n\\t... 3 more\\n",
           "taskName": "Source: pay[41] (1/2) - execution #3"}]}}
        """;

    assertThat(FlinkClusterClient.failure(new ObjectMapper().readTree(exceptions)))
        .contains("OutOfMemoryError: Java heap space in Source: pay[41]");
  }

  @Test
  void aFailureWithoutHistoryFallsBackToTheRootException() throws Exception {
    String exceptions =
        """
        {"root-exception": "java.lang.NumberFormatException: For input string: \\"xab\\"\\n\\tat a.b(C.java:1)\\n",
         "exceptionHistory": {"entries": []}}
        """;

    assertThat(FlinkClusterClient.failure(new ObjectMapper().readTree(exceptions)))
        .contains("NumberFormatException: For input string: \"xab\"");
  }
}
