-- Sluice's own functions (approximate distinct and percentile, masking) in a HOP window.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, window_end TIMESTAMP(3), payers BIGINT, p99 DOUBLE, sample STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, window_end, APPROX_DISTINCT(CAST(id AS STRING)), APPROX_PERCENTILE(amount, 0.99), MAX(MASK_PHONE(status))
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
GROUP BY merchant, window_start, window_end;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.window_end <- orders.ts:TRANSFORMATION
--! out1.payers <- orders.id:AGGREGATION
--! out1.p99 <- orders.amount:AGGREGATION
--! out1.sample <- orders.status:AGGREGATION
--! out1 where orders.ts:WINDOW, orders.ts:GROUP_BY, orders.merchant:GROUP_BY
--! out1 uses HOP:BUILTIN, APPROX_DISTINCT:SLUICE, APPROX_PERCENTILE:SLUICE, MASK_PHONE:SLUICE, MAX:BUILTIN
