-- A user's scalar function, called on one column.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TEMPORARY FUNCTION norm_text AS 'dev.sluice.engine.flink.lineage.TestFunctions$Normalize';
CREATE TABLE out1 (id BIGINT, merchant STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, norm_text(merchant) FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.merchant <- orders.merchant:TRANSFORMATION
--! out1 uses NORM_TEXT:USER
