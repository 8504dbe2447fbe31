-- Plain projection: every column copied.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, merchant STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, merchant FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.merchant <- orders.merchant:IDENTITY
