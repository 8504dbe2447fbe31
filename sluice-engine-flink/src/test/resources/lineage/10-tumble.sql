-- TUMBLE window TVF: window_start comes from the time column, which also windows every row.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), total DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, window_start, window_end, SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY merchant, window_start, window_end;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.window_start <- orders.ts:TRANSFORMATION
--! out1.window_end <- orders.ts:TRANSFORMATION
--! out1.total <- orders.amount:AGGREGATION
--! out1 where orders.ts:WINDOW, orders.merchant:GROUP_BY, orders.ts:GROUP_BY
--! out1 uses TUMBLE:BUILTIN, SUM:BUILTIN
