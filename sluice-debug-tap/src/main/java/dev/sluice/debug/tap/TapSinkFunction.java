package dev.sluice.debug.tap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.table.connector.sink.DynamicTableSink.DataStructureConverter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;

/**
 * Posts a step's rows to the server in batches (every 100 rows or 200 ms). Each batch says who sent
 * it (subtask, attempt, instance) and its number from that sender, so the server stores a retried
 * batch once and never mistakes the batches of a sink restarted by a failover for retries. While
 * the server is away (a restart) a batch is retried for up to two minutes; when the server answers
 * 410 the run is over and rows are dropped.
 */
final class TapSinkFunction extends RichSinkFunction<RowData> {
  private static final int BATCH = 100;
  private static final Duration RETRY_FOR = Duration.ofMinutes(2);

  private final String url;
  private final String step;
  private final String token;
  private final DataStructureConverter converter;

  private transient TapBatches batches;
  private transient boolean gone;
  private transient volatile Exception failure;
  private transient HttpClient http;
  private transient ScheduledExecutorService flusher;

  TapSinkFunction(String url, String step, String token, DataStructureConverter converter) {
    this.url = url;
    this.step = step;
    this.token = token;
    this.converter = converter;
  }

  @Override
  public void open(Configuration parameters) {
    converter.open(
        org.apache.flink.table.connector.RuntimeConverter.Context.create(
            getRuntimeContext().getUserCodeClassLoader()));
    TaskInfo task = getRuntimeContext().getTaskInfo();
    batches =
        new TapBatches(
            step,
            new TapBatches.Sender(
                task.getIndexOfThisSubtask(),
                task.getAttemptNumber(),
                UUID.randomUUID().toString().replace("-", "")));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-tap-" + step);
              t.setDaemon(true);
              return t;
            });
    flusher.scheduleWithFixedDelay(this::flushInBackground, 200, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public void invoke(RowData value, Context context) throws Exception {
    Exception failed = failure;
    if (failed != null) {
      throw failed; // the background flush gave up: fail the task rather than drop rows
    }
    Row row = (Row) converter.toExternal(value);
    String json =
        "{\"kind\":\""
            + value.getRowKind().shortString()
            + "\",\"values\":"
            + Json.values(row)
            + "}";
    boolean full;
    synchronized (this) {
      batches.add(json);
      full = batches.buffered() >= BATCH;
    }
    if (full) {
      flush();
    }
  }

  private void flushInBackground() {
    try {
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure = e;
    }
  }

  private synchronized void flush() throws IOException, InterruptedException {
    if (gone) {
      batches.drop();
      return;
    }
    String body = batches.next();
    if (body == null) {
      return;
    }
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Sluice-Debug-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 410) {
          gone = true; // the run ended (stopped, or a limit was hit): nothing more is wanted
          batches.drop();
          return;
        }
        if (response.statusCode() / 100 == 2) {
          batches.sent();
          return;
        }
      } catch (IOException e) {
        // the server is away (restarting): try again below
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "The Sluice server did not take the rows of step " + step + " for " + RETRY_FOR);
      }
      Thread.sleep(500);
    }
  }

  @Override
  public void finish() throws Exception {
    while (!gone && !batches.isEmpty()) {
      flush(); // a batch left from a failed post, then the rows taken since
    }
  }

  @Override
  public void close() throws Exception {
    if (flusher != null) {
      flusher.shutdownNow();
    }
  }
}
