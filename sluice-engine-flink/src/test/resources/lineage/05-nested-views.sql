-- A view over a view; the outer one renames and filters again.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (m STRING, big DOUBLE) WITH ('connector' = 'blackhole');
CREATE VIEW v1 AS SELECT merchant, amount, status FROM orders WHERE qty > 1;
CREATE VIEW v2 AS SELECT merchant AS m, amount AS big FROM v1 WHERE amount > 100;
INSERT INTO out1 SELECT m, big FROM v2;
--! out1.m <- orders.merchant:IDENTITY
--! out1.big <- orders.amount:IDENTITY
--! out1 where orders.qty:FILTER, orders.amount:FILTER
