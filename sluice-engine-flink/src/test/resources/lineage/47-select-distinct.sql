-- SELECT DISTINCT groups by every selected column.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, status STRING, PRIMARY KEY (merchant, status) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT DISTINCT merchant, status FROM orders;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.status <- orders.status:IDENTITY
--! out1 where orders.merchant:GROUP_BY, orders.status:GROUP_BY
