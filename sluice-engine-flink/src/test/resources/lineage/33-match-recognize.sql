-- MATCH_RECOGNIZE, one row per match: partition keys and measures.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, start_ts TIMESTAMP(3), drops BIGINT, last_amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT * FROM orders MATCH_RECOGNIZE (
  PARTITION BY merchant ORDER BY ts
  MEASURES A.ts AS start_ts, COUNT(B.id) AS drops, LAST(C.amount) AS last_amount
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B+ C)
  DEFINE B AS B.amount < A.amount, C AS C.amount > LAST(B.amount)
);
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.start_ts <- orders.ts:IDENTITY
--! out1.drops <- orders.id:AGGREGATION
--! out1.last_amount <- orders.amount:IDENTITY
--! out1 where orders.merchant:GROUP_BY, orders.ts:SORT, orders.amount:FILTER
