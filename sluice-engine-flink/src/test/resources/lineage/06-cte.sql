-- A CTE (WITH) behaves like a view.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, doubled DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
WITH d AS (SELECT merchant, amount * 2 AS doubled FROM orders)
SELECT merchant, doubled FROM d WHERE doubled > 10;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.doubled <- orders.amount:TRANSFORMATION
--! out1 where orders.amount:FILTER
