-- CASE: the WHEN columns decide the value (CONDITIONAL), the THEN/ELSE columns carry it.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, bucket STRING, fee DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT id,
  CASE WHEN amount >= 1000 THEN 'large' WHEN amount >= 100 THEN 'medium' ELSE 'small' END,
  CASE WHEN status = 'VIP' THEN 0 ELSE amount * 0.01 END
FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.bucket <- orders.amount:CONDITIONAL
--! out1.fee <- orders.status:CONDITIONAL, orders.amount:TRANSFORMATION
