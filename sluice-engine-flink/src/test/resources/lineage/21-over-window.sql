-- OVER window: the aggregate's argument flows, its partition and order keys decide it.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, running_total DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT id, SUM(amount) OVER (PARTITION BY merchant ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.running_total <- orders.amount:AGGREGATION, orders.merchant:WINDOW, orders.ts:WINDOW
