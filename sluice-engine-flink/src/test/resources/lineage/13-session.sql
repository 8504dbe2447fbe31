-- SESSION window with PARTITION BY.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, window_start TIMESTAMP(3), cnt BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, window_start, COUNT(id)
FROM TABLE(SESSION(TABLE orders PARTITION BY merchant, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY merchant, window_start, window_end;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.window_start <- orders.ts:TRANSFORMATION
--! out1.cnt <- orders.id:AGGREGATION
--! out1 where orders.ts:WINDOW, orders.ts:GROUP_BY, orders.merchant:GROUP_BY, orders.merchant:WINDOW
