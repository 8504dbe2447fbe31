-- UNION ALL: each sink column comes from both branches; branch filters decide rows.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE refunds (id BIGINT, refunded DOUBLE, merchant STRING)
  WITH ('connector' = 'kafka', 'topic' = 'refunds', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, delta DOUBLE, kind STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT id, amount, 'order' FROM orders WHERE status = 'PAID'
UNION ALL
SELECT id, -refunded, 'refund' FROM refunds;
--! out1.id <- orders.id:IDENTITY, refunds.id:IDENTITY
--! out1.delta <- orders.amount:IDENTITY, refunds.refunded:TRANSFORMATION
--! out1.kind <- (constant)
--! out1 where orders.status:FILTER
