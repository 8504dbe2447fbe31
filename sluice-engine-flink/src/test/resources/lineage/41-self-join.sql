-- A table joined with itself: both sides are the same dataset.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, prev_id BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT a.id, b.id FROM orders AS a JOIN orders AS b ON a.merchant = b.merchant AND a.id = b.id + 1;
--! out1.id <- orders.id:IDENTITY
--! out1.prev_id <- orders.id:IDENTITY
--! out1 where orders.merchant:JOIN, orders.id:JOIN
