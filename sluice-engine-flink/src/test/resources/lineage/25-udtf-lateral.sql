-- A user's table function in LATERAL TABLE: its columns come from its argument.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE FUNCTION split_words AS 'dev.sluice.engine.flink.lineage.TestFunctions$SplitWords';
CREATE TABLE out1 (id BIGINT, word STRING, len INT) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT o.id, w.word, w.len FROM orders AS o, LATERAL TABLE(split_words(o.status)) AS w(word, len);
--! out1.id <- orders.id:IDENTITY
--! out1.word <- orders.status:TRANSFORMATION
--! out1.len <- orders.status:TRANSFORMATION
--! out1 uses SPLIT_WORDS:USER
