-- Top-N: ROW_NUMBER() over a partition, filtered.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, id BIGINT, amount DOUBLE, rn BIGINT, PRIMARY KEY (merchant, rn) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, id, amount, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY merchant ORDER BY amount DESC) AS rn FROM orders
) WHERE rn <= 3;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.id <- orders.id:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1.rn <- orders.merchant:WINDOW, orders.amount:WINDOW
--! out1 where orders.merchant:FILTER, orders.amount:FILTER
