-- A filter is an indirect dependency of every sink column.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, amount FROM orders WHERE status = 'PAID' AND qty > 0;
--! out1.id <- orders.id:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1 where orders.status:FILTER, orders.qty:FILTER
