package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One sync job over 10 MariaDB tables against 10 hand-written single-table Flink SQL jobs ({@code
 * mysql-cdc} into Kafka, {@code debezium-json}), in the same run on the same cluster, database and
 * broker: rows per second of the snapshot of 1,000,000 rows (10 tables of 100,000) and of a stream
 * of 200,000 updated rows, with the cluster's task slots, the database connections and binlog
 * readers, the TaskManager's heap and the jobs' checkpointed state, each read while the variant
 * runs.
 *
 * <p>A run's rate is the rows written to Kafka (summed end offsets of the variant's topics; an
 * update is two records, its old and its new row) over the time from the first deploy request (the
 * snapshot) or the first UPDATE (the stream) to the last record.
 */
final class SyncBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TABLES = 10;
  private static final int ROWS = 100_000;
  private static final int UPDATED = 20_000;
  private static final String USER = "cdc_bench";
  private static final String PASSWORD = "bench-pw-" + Long.toHexString(System.nanoTime());

  private final HttpClient http = HttpClient.newHttpClient();
  private final BenchApi bench;
  private final String flink;
  private final String kafka;
  private final URI maria;

  /**
   * @param maria the MariaDB server, {@code mysql://host:port/database}, binlog on, root without a
   *     password from this machine
   */
  SyncBenchmark(int port, String flinkUrl, String kafkaBootstrap, URI maria) {
    this.bench = new BenchApi(port);
    this.flink = flinkUrl;
    this.kafka = kafkaBootstrap;
    this.maria = maria;
  }

  private record Figures(
      long deployMs,
      long snapshotMs,
      long updateMs,
      int slots,
      int connections,
      int binlogReaders,
      long heapMiB,
      long stateKiB) {}

  void run() throws Exception {
    String database = maria.getPath().substring(1);
    try (Connection db = root()) {
      exec(db, "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
      exec(
          db,
          "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '"
              + USER
              + "'@'%'");
      for (int t = 0; t < TABLES; t++) {
        exec(db, "DROP TABLE IF EXISTS " + table(t));
        exec(
            db,
            "CREATE TABLE "
                + table(t)
                + " (id INT PRIMARY KEY, n INT NOT NULL, note VARCHAR(32), amount DECIMAL(10, 2),"
                + " at DATETIME(3))");
        // MariaDB's sequence engine: one statement per table.
        exec(
            db,
            "INSERT INTO "
                + table(t)
                + " SELECT seq, seq % 1000, CONCAT('note-', seq), seq / 100,"
                + " TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_"
                + ROWS);
      }
    }
    send("POST", "/secrets", Map.of("name", "bench_db_pw", "value", PASSWORD));
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("name", "bench");
    source.put("type", "mariadb");
    source.put("host", maria.getHost());
    source.put("port", maria.getPort());
    source.put("database", database);
    source.put("username", USER);
    source.put("password", "${secret:bench_db_pw}");
    send("POST", "/datasources", source);

    System.out.println(
        "\n## Sync of 10 MariaDB tables into Kafka: one sync job against 10 single-table SQL jobs"
            + " (same run, cluster, database and broker)");
    System.out.println(
        TABLES * ROWS
            + " rows in the snapshot, then "
            + TABLES * UPDATED
            + " rows updated (one UPDATE per table); debezium-json topics; parallelism 1 unless said.");
    Figures sync = measure("sync", prefix -> deploySync(prefix, 1));
    Figures sql = measure("sql", this::deploySqlJobs);
    // The sync given the slots the SQL jobs take: its snapshot splits are read by 10 readers.
    Figures wide = measure("wide", prefix -> deploySync(prefix, TABLES));
    System.out.println(
        "| | deploy (ms) | snapshot rows/s | update rows/s | task slots | DB connections |"
            + " binlog readers | TM heap used (MiB) | checkpointed state (KiB) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    print("1 sync job, 10 tables", sync);
    print("10 SQL jobs, a table each", sql);
    print("1 sync job, 10 tables, parallelism 10", wide);
    System.out.printf(
        Locale.ROOT,
        "sync / SQL jobs: snapshot rate %.2fx (at parallelism 10: %.2fx), update rate %.2fx, slots"
            + " %d vs %d, binlog readers %d vs %d%n",
        rate(TABLES * (long) ROWS, sync.snapshotMs())
            / rate(TABLES * (long) ROWS, sql.snapshotMs()),
        rate(TABLES * (long) ROWS, wide.snapshotMs())
            / rate(TABLES * (long) ROWS, sql.snapshotMs()),
        rate(TABLES * (long) UPDATED, sync.updateMs())
            / rate(TABLES * (long) UPDATED, sql.updateMs()),
        sync.slots(),
        sql.slots(),
        sync.binlogReaders(),
        sql.binlogReaders());
  }

  private static void print(String label, Figures f) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.0f | %.0f | %d | %d | %d | %d | %d |%n",
        label,
        f.deployMs(),
        rate(TABLES * (long) ROWS, f.snapshotMs()),
        rate(TABLES * (long) UPDATED, f.updateMs()),
        f.slots(),
        f.connections(),
        f.binlogReaders(),
        f.heapMiB(),
        f.stateKiB());
  }

  private static double rate(long rows, long ms) {
    return rows * 1000.0 / Math.max(1, ms);
  }

  private interface Deploy {
    List<Long> deploy(String prefix) throws Exception;
  }

  private Figures measure(String prefix, Deploy deploy) throws Exception {
    List<String> topics = new ArrayList<>();
    for (int t = 0; t < TABLES; t++) {
      topics.add(prefix + "." + table(t));
    }
    int slotsBefore = freeSlots();
    long start = System.nanoTime();
    List<Long> ids = deploy.deploy(prefix);
    long deployMs = (System.nanoTime() - start) / 1_000_000;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      awaitRecords(consumer, topics, TABLES * (long) ROWS);
      long snapshotMs = (System.nanoTime() - start) / 1_000_000;
      int slots = slotsBefore - freeSlots();
      long heap = heapMiB();
      // A checkpoint after the snapshot: its state is that of the stream.
      Thread.sleep(12_000);
      long state = 0;
      for (long id : ids) {
        state += stateBytes(id);
      }
      long updateStart = System.nanoTime();
      try (Connection db = root()) {
        for (int t = 0; t < TABLES; t++) {
          exec(db, "UPDATE " + table(t) + " SET n = n + 1 WHERE id <= " + UPDATED);
        }
      }
      awaitRecords(consumer, topics, TABLES * (long) ROWS + 2L * TABLES * UPDATED);
      long updateMs = (System.nanoTime() - updateStart) / 1_000_000;
      // Read while the variant streams: every reader has left its snapshot by now.
      int connections;
      int readers;
      try (Connection db = root()) {
        connections = count(db, "USER = '" + USER + "'");
        readers = count(db, "USER = '" + USER + "' AND COMMAND LIKE 'Binlog Dump%'");
      }
      return new Figures(
          deployMs, snapshotMs, updateMs, slots, connections, readers, heap, state / 1024);
    } finally {
      for (long id : ids) {
        send("POST", "/jobs/" + id + "/stop", Map.of("savepoint", false));
      }
      awaitSlots(slotsBefore);
    }
  }

  private List<Long> deploySync(String prefix, int parallelism) throws Exception {
    List<String> tables = new ArrayList<>();
    for (int t = 0; t < TABLES; t++) {
      tables.add(maria.getPath().substring(1) + "." + table(t));
    }
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("source", "bench");
    sync.put("tables", tables);
    sync.put(
        "target",
        Map.of(
            "type",
            "kafka",
            "bootstrapServers",
            kafka,
            "topic",
            prefix + ".{table}",
            "format",
            "debezium-json"));
    long id =
        send(
                "POST",
                "/jobs",
                Map.of("name", "bench_" + prefix, "type", "SYNC", "sync", sync, "comment", "bench"))
            .path("id")
            .asLong();
    send("PUT", "/jobs/" + id + "/parallelism", Map.of("defaultParallelism", parallelism));
    send("POST", "/jobs/" + id + "/deploy", Map.of("restore", "none"));
    return List.of(id);
  }

  private List<Long> deploySqlJobs(String prefix) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int t = 0; t < TABLES; t++) {
      String script =
          """
          CREATE TABLE src (
            id INT, n INT, note STRING, amount DECIMAL(10, 2), `at` TIMESTAMP(3),
            PRIMARY KEY (id) NOT ENFORCED
          ) WITH (
            'connector' = 'mysql-cdc', 'hostname' = '%1$s', 'port' = '%2$d',
            'username' = '%3$s', 'password' = '${secret:bench_db_pw}',
            'database-name' = '%4$s', 'table-name' = '%5$s', 'server-id' = '%6$d-%7$d',
            'server-time-zone' = 'UTC');
          CREATE TABLE dst (
            id INT, n INT, note STRING, amount DECIMAL(10, 2), `at` TIMESTAMP(3)
          ) WITH (
            'connector' = 'kafka', 'topic' = '%8$s', 'properties.bootstrap.servers' = '%9$s',
            'format' = 'debezium-json');
          INSERT INTO dst SELECT * FROM src;
          """
              .formatted(
                  maria.getHost(),
                  maria.getPort(),
                  USER,
                  maria.getPath().substring(1),
                  table(t),
                  6000 + 8 * t,
                  6000 + 8 * t + 7,
                  prefix + "." + table(t),
                  kafka);
      long id =
          send(
                  "POST",
                  "/jobs",
                  Map.of(
                      "name",
                      "bench_sql_" + t,
                      "type",
                      "SQL",
                      "script",
                      script,
                      "comment",
                      "bench"))
              .path("id")
              .asLong();
      send("POST", "/jobs/" + id + "/deploy", Map.of("restore", "none"));
      ids.add(id);
    }
    return ids;
  }

  private static String table(int t) {
    return "bench_t" + t;
  }

  private Connection root() throws Exception {
    return DriverManager.getConnection(
        "jdbc:mysql://" + maria.getHost() + ":" + maria.getPort() + maria.getPath(), "root", "");
  }

  private static void exec(Connection db, String sql) throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }

  private static int count(Connection db, String where) throws Exception {
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE " + where)) {
      r.next();
      return r.getInt(1);
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  /** Waits until the topics' end offsets add up to the count; records are never deleted here. */
  private static void awaitRecords(
      KafkaConsumer<byte[], byte[]> consumer, List<String> topics, long count) throws Exception {
    long deadline = System.currentTimeMillis() + 900_000;
    long seen = 0;
    while (System.currentTimeMillis() < deadline) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> info = consumer.listTopics().get(topic);
        if (info != null) {
          info.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
      }
      seen = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      if (seen >= count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(seen + " of " + count + " records arrived in " + topics);
  }

  private int freeSlots() throws Exception {
    return get(flink + "/overview").path("slots-available").asInt();
  }

  private void awaitSlots(int free) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline && freeSlots() < free) {
      Thread.sleep(500);
    }
  }

  /** The heap used of the (only) TaskManager. */
  private long heapMiB() throws Exception {
    String tm = get(flink + "/taskmanagers").path("taskmanagers").get(0).path("id").asText();
    JsonNode metrics =
        get(flink + "/taskmanagers/" + tm + "/metrics?get=Status.JVM.Memory.Heap.Used");
    return Long.parseLong(metrics.get(0).path("value").asText()) / (1024 * 1024);
  }

  /** The state size of the job's latest completed checkpoint. */
  private long stateBytes(long id) throws Exception {
    String flinkJob = send("GET", "/jobs/" + id, null).path("flinkJobId").asText();
    JsonNode latest =
        get(flink + "/jobs/" + flinkJob + "/checkpoints").path("latest").path("completed");
    return latest.path("state_size").asLong(latest.path("checkpointed_size").asLong());
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private JsonNode send(String method, String path, Object body) throws Exception {
    return bench.send(method, path, body);
  }
}
