-- Deduplication keeps the first row per key.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT id, amount FROM (
  SELECT id, amount, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts ASC) AS rn FROM orders
) WHERE rn = 1;
--! out1.id <- orders.id:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1 where orders.id:FILTER, orders.ts:FILTER
