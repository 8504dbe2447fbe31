-- The older group-window syntax: GROUP BY TUMBLE(ts, ...), TUMBLE_START(...).
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, wstart TIMESTAMP(3), total DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, TUMBLE_START(ts, INTERVAL '1' MINUTE), SUM(amount)
FROM orders GROUP BY merchant, TUMBLE(ts, INTERVAL '1' MINUTE);
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.wstart <- orders.ts:TRANSFORMATION
--! out1.total <- orders.amount:AGGREGATION
--! out1 where orders.merchant:GROUP_BY, orders.ts:GROUP_BY
