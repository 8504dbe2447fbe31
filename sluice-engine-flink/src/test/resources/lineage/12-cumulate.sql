-- CUMULATE window ("today so far").
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, window_end TIMESTAMP(3), total DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, window_end, SUM(amount)
FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY merchant, window_start, window_end;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.window_end <- orders.ts:TRANSFORMATION
--! out1.total <- orders.amount:AGGREGATION
--! out1 where orders.ts:WINDOW, orders.ts:GROUP_BY, orders.merchant:GROUP_BY
