-- HOP (sliding) window with a filter before it.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (window_end TIMESTAMP(3), cnt BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT window_end, COUNT(*)
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '10' MINUTE))
WHERE status <> 'CANCELLED'
GROUP BY window_start, window_end;
--! out1.window_end <- orders.ts:TRANSFORMATION
--! out1.cnt <- (rows)
--! out1 where orders.ts:WINDOW, orders.ts:GROUP_BY, orders.status:FILTER
